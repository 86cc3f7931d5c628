using System.CommandLine;
using System.Text;
using SopsNet.Cli.Output;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet set FILE PATH VALUE</c>: sets one value (JSON) in an encrypted file, in place. Unchanged
/// values keep their exact ciphertext, and setting a value to what it already is changes no byte.
/// </summary>
public sealed class SetCommand
{
    public sealed record Options(FileOptions Files, string Path, string? Value)
    {
        public string? ValueFile { get; init; }
        public bool ValueStdin { get; init; }
        public bool IgnoreMac { get; init; }
        public string? DecryptionOrder { get; init; }
    }

    private static readonly Argument<string> FileArgument = new("file") { Description = "the encrypted file (changed in place)" };
    private static readonly Argument<string> PathArgument = new("index") { Description = "tree path, e.g. '[\"db\"][\"password\"]'" };
    private static readonly Argument<string?> ValueArgument = new("value") { Arity = ArgumentArity.ZeroOrOne, Description = "the value as json, e.g. '\"secret\"' or 5" };
    private static readonly Option<bool> ValueFile = new("--value-file") { Description = "the third argument names a file holding the json value" };
    private static readonly Option<bool> ValueStdin = new("--value-stdin") { Description = "read the json value from standard input" };
    private static readonly Option<bool> Idempotent = new("--idempotent") { Description = "accepted for sops compatibility: sopsnet never rewrites a file whose values did not change" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> DecryptionOrder = SharedOptions.DecryptionOrder();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("set", "set one value of an encrypted file, in place");
        foreach (var a in new Argument[] { FileArgument, PathArgument, ValueArgument })
        {
            command.Arguments.Add(a);
        }

        foreach (var option in new Option[] { ValueFile, ValueStdin, Idempotent, InputType, DecryptionOrder })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, ct) => RunAsync(new Options(
            new FileOptions(result.GetValue(FileArgument)) { InPlace = true, InputType = result.GetValue(InputType), ConfigPath = result.GetValue(GlobalOptions.Config), Indent = result.GetValue(GlobalOptions.Indent) },
            result.GetValue(PathArgument)!,
            result.GetValue(ValueArgument))
        {
            ValueFile = result.GetValue(ValueFile) ? result.GetValue(ValueArgument) : null,
            ValueStdin = result.GetValue(ValueStdin),
            IgnoreMac = result.GetValue(GlobalOptions.IgnoreMac),
            DecryptionOrder = result.GetValue(DecryptionOrder) ?? ctx.Env("SOPS_DECRYPTION_ORDER"),
        }, ctx, ct));
        return command;
    }

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            var path = TreePath.TryParse(o.Path)
                ?? throw new CliException(SopsError.InvalidSetFormat, $"'{o.Path}' is not a tree path like [\"key\"][0]");
            var value = JsonValue.Parse(ReadValue(o, ctx));
            var session = await EncryptedFileSession.OpenAsync(ctx, o.Files, o.IgnoreMac, o.DecryptionOrder, ct).ConfigureAwait(false);
            var documents = session.Plain.Documents;
            session.Save(ctx, documents.SetItem(0, Edit(() => TreeEditor.Set(documents[0], path, value))));
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, o.Files.File);
        }
    }

    internal static Mapping Edit(Func<Mapping> edit)
    {
        try
        {
            return edit();
        }
        catch (TreeEditException e)
        {
            throw new CliException(SopsError.InvalidSetFormat, e.Message);
        }
    }

    private static string ReadValue(Options o, CliContext ctx)
    {
        if (o.ValueStdin)
        {
            using var reader = new StreamReader(ctx.StandardInput, Encoding.UTF8);
            return reader.ReadToEnd();
        }

        if (o.ValueFile is { } file)
        {
            try
            {
                return File.ReadAllText(ctx.FullPath(file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new CliException(SopsError.CouldNotReadInputFile, $"--value-file {file}: cannot read: {e.Message}");
            }
        }

        return o.Value ?? throw new CliException(SopsError.InvalidSetFormat, "give the value as the third argument, or use --value-file or --value-stdin");
    }
}
