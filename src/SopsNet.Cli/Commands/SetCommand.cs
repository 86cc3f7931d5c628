using System.CommandLine;
using System.Text;
using SopsNet.Cli.Output;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet set FILE PATH VALUE</c>: sets one value (JSON) in an encrypted file, in place. Unchanged
/// values keep their exact ciphertext, and setting a value to what it already is changes no byte.
/// </summary>
internal sealed class SetCommand
{
    public sealed record Options(FileOptions Files, string Path, string? Value)
    {
        public string? ValueFile { get; init; }
        public bool ValueStdin { get; init; }
        public bool IgnoreMac { get; init; }
        public string? DecryptionOrder { get; init; }
    }

    // One argument for all three, so that a missing one is sops's error (exit 100), not a parse error.
    private static readonly Argument<string[]> Arguments = new("file index value")
    {
        Arity = ArgumentArity.ZeroOrMore,
        Description = "the encrypted file (changed in place), the tree path, e.g. '[\"db\"][\"password\"]', and the value as json, e.g. '\"secret\"' or 5",
    };
    private static readonly Option<bool> ValueFile = new("--value-file") { Description = "the third argument names a file holding the json value" };
    private static readonly Option<bool> ValueStdin = new("--value-stdin") { Description = "read the json value from standard input" };
    private static readonly Option<bool> Idempotent = new("--idempotent") { Description = "accepted for sops compatibility: sopsnet never rewrites a file whose values did not change" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> OutputType = SharedOptions.OutputType();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("set", "set one value of an encrypted file, in place");
        command.Arguments.Add(Arguments);
        foreach (var option in new Option[] { ValueFile, ValueStdin, Idempotent, InputType, OutputType, GroupsCommand.ShamirThreshold })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, ct) =>
        {
            var words = result.GetValue(Arguments) ?? [];
            var valueStdin = result.GetValue(ValueStdin);
            var reporter = new Reporter(ctx.StandardError);

            // cmd/sops/main.go:1488-1498, in sops's order and with its exit codes.
            if (result.GetValue(ValueFile) && valueStdin)
            {
                return Task.FromResult(reporter.Fail(new SopsException(SopsError.Generic, "cannot use both --value-file and --value-stdin"), null));
            }

            if (words.Length != (valueStdin ? 2 : 3))
            {
                return Task.FromResult(reporter.Fail(new SopsException(SopsError.NoFileSpecified, valueStdin
                    ? "set --value-stdin takes exactly two arguments: the file and the tree path"
                    : "set takes exactly three arguments: the file, the tree path and the value"), null));
            }

            return RunAsync(new Options(
                new FileOptions(words[0]) { InPlace = true, InputType = result.GetValue(InputType), OutputType = result.GetValue(OutputType), ConfigPath = result.GetValue(GlobalOptions.Config), Indent = result.GetValue(GlobalOptions.Indent) },
                words[1],
                valueStdin ? null : words[2])
            {
                ValueFile = result.GetValue(ValueFile) ? words[2] : null,
                ValueStdin = valueStdin,
                IgnoreMac = result.GetValue(GlobalOptions.IgnoreMac),
                DecryptionOrder = GlobalOptions.DecryptionOrderValue(result, ctx),
            }, ctx, ct);
        });
        return command;
    }

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            var path = TreePath.TryParse(o.Path)
                ?? throw new SopsException(SopsError.InvalidSetFormat, $"'{o.Path}' is not a tree path like [\"key\"][0]");
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
            throw new SopsException(SopsError.InvalidSetFormat, e.Message);
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
                throw new SopsException(SopsError.CouldNotReadInputFile, $"--value-file {file}: cannot read: {e.Message}");
            }
        }

        return o.Value ?? throw new SopsException(SopsError.InvalidSetFormat, "give the value as the third argument, or use --value-file or --value-stdin");
    }
}
