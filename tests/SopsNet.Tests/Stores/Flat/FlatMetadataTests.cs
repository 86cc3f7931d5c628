using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Stores.Flat;
using SopsNet.Tests.Support;
using SopsNet.Tree;

namespace SopsNet.Tests.Stores.Flat;

public sealed class FlatMetadataTests
{
    private static Mapping Sample() => new(
    [
        new Pair("version", Scalar.String("3.13.2")),
        new Pair("mac_only_encrypted", new Scalar(ScalarKind.Bool, "true")),
        new Pair("shamir_threshold", new Scalar(ScalarKind.Int, "2")),
        new Pair("key_groups", new Sequence(
        [
            new Mapping([new Pair("pgp", new Sequence([new Mapping([new Pair("fp", Scalar.String("AB")), new Pair("enc", Scalar.String("x\ny"))])])), new Pair("age", new Sequence([]))]),
            new Mapping([new Pair("kms", new Sequence([new Mapping([new Pair("context", new Mapping([new Pair("Environment", Scalar.String("prod"))])), new Pair("arn", Scalar.String("arn:1"))])]))]),
        ])),
        new Pair("lastmodified", Scalar.String("2026-01-02T03:04:05Z")),
        new Pair("kms", Scalar.Null),
    ]);

    [Fact]
    public void FlattensInTheSortedTreeOrderOfSops313()
    {
        var flat = FlatMetadata.Flatten(Sample());

        Assert.Equal(
        [
            "key_groups__list_0__map_pgp__list_0__map_enc=x\ny",
            "key_groups__list_0__map_pgp__list_0__map_fp=AB",
            "key_groups__list_1__map_kms__list_0__map_arn=arn:1",
            "key_groups__list_1__map_kms__list_0__map_context__map_Environment=prod",
            "lastmodified=2026-01-02T03:04:05Z",
            "mac_only_encrypted=true",
            "shamir_threshold=2",
            "version=3.13.2",
        ], flat.Select(kv => kv.Key + "=" + kv.Value));
    }

    [Fact]
    public void UnflatteningTheFlatLinesGivesBackTheMetadata()
    {
        var flat = FlatMetadata.Flatten(Sample());

        var back = FlatMetadata.Unflatten(flat.Select((kv, i) => new FlatEntry(kv.Key, kv.Value, i + 1, 1)), "test");

        Assert.Equal(
            "{key_groups: [{pgp: [{enc: String(x\ny),fp: String(AB),},],},{kms: [{arn: String(arn:1),context: {Environment: String(prod),},},],},]," +
            "lastmodified: String(2026-01-02T03:04:05Z),mac_only_encrypted: String(true),shamir_threshold: String(2),version: String(3.13.2),}",
            TreeText.Of(back));
        var model = MetadataCodec.Read(back);
        Assert.Equal(2, model.ShamirThreshold);
        Assert.True(model.MacOnlyEncrypted);
        Assert.Equal(2, model.KeyGroups.Length);
    }

    [Fact]
    public void UnflattenAcceptsAnyOrder()
    {
        var back = FlatMetadata.Unflatten(
        [
            new FlatEntry("pgp__list_1__map_fp", "B", 1, 1),
            new FlatEntry("version", "3.13.1", 2, 1),
            new FlatEntry("pgp__list_0__map_fp", "A", 3, 1),
        ], "test");

        Assert.Equal("{pgp: [{fp: String(A),},{fp: String(B),},],version: String(3.13.1),}", TreeText.Of(back));
    }

    [Theory]
    [InlineData("pgp__list_2__map_fp", "misses element 1", 7)]
    [InlineData("pgp__list_x__map_fp", "not a number", 7)]
    [InlineData("version__map_x", "both as a value and as a container", 7)]
    [InlineData("version", "appears twice", 7)]
    [InlineData("pgp__map_fp", "as a list and a map", 7)]
    public void BadFlatKeysAreStoreErrorsWithTheirLine(string key, string message, int line)
    {
        var ex = Assert.Throws<StoreException>(() => FlatMetadata.Unflatten(
        [
            new FlatEntry("version", "3.13.2", 1, 1),
            new FlatEntry("pgp__list_0__map_fp", "A", 2, 1),
            new FlatEntry(key, "v", line, 3),
        ], "test"));

        Assert.Contains(message, ex.Message);
        Assert.Equal(line, ex.Line);
    }

    [Fact]
    public void NewlinesAreEscapedAsTwoCharacters()
    {
        Assert.Equal("a\\nb\\n", FlatMetadata.EscapeNewlines("a\nb\n"));
        Assert.Equal("a\nb\n", FlatMetadata.UnescapeNewlines("a\\nb\\n"));
    }
}
