using SopsNet.Stores;
using SopsNet.Stores.Binary;
using SopsNet.Stores.Dotenv;
using SopsNet.Stores.Ini;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary>
/// What edit opens for a file that does not exist yet: sops's examples (stores/stores.go ExampleComplexTree,
/// ExampleSimpleTree, ExampleFlatTree, and the binary store's sentence), so a user who knows sops sees
/// the same starting point.
/// </summary>
internal static class ExampleFile
{
    private const string Welcome = "Welcome to SOPS! Edit this file as you please!";

    public static Mapping For(IStore store) => store switch
    {
        BinaryStore => new Mapping([new Pair("data", Scalar.String(Welcome))]),
        DotenvStore => new Mapping(
        [
            new Comment(" This is an example file."),
            new Pair("hello", Scalar.String(Welcome)),
            new Pair("example_key", Scalar.String("example_value")),
            new Pair("example_multiline", Scalar.String("foo\nbar\nbaz")),
        ]),
        IniStore => new Mapping(
        [
            new Pair("Welcome!", new Mapping(
            [
                new Comment(" This is an example file."),
                new Pair("hello", Scalar.String(Welcome)),
                new Pair("example_key", Scalar.String("example_value")),
            ])),
        ]),
        _ => new Mapping(
        [
            new Pair("hello", Scalar.String(Welcome)),
            new Pair("example_key", Scalar.String("example_value")),
            new Comment(" Example comment"),
            new Pair("example_array", new Sequence([Scalar.String("example_value1"), Scalar.String("example_value2")])),
            new Pair("example_number", new Scalar(ScalarKind.Float, "1234.56789")),
            new Pair("example_booleans", new Sequence([new Scalar(ScalarKind.Bool, "true"), new Scalar(ScalarKind.Bool, "false")])),
        ]),
    };
}
