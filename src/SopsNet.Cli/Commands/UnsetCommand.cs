using System.CommandLine;
using SopsNet.Cli.Output;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary><c>sopsnet unset FILE PATH</c>: removes one key or list item from an encrypted file, in place.</summary>
internal sealed class UnsetCommand
{
    public sealed record Options(FileOptions Files, string Path)
    {
        public bool Idempotent { get; init; }
        public bool IgnoreMac { get; init; }
        public string? DecryptionOrder { get; init; }
    }

    private static readonly Argument<string[]> Arguments = new("file index") { Arity = ArgumentArity.ZeroOrMore, Description = "the encrypted file (changed in place) and the tree path, e.g. '[\"db\"][\"password\"]'" };
    private static readonly Option<bool> Idempotent = new("--idempotent") { Description = "succeed without change when the path does not exist" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> OutputType = SharedOptions.OutputType();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("unset", "remove one key or list item from an encrypted file, in place");
        command.Arguments.Add(Arguments);
        foreach (var option in new Option[] { Idempotent, InputType, OutputType, GroupsCommand.ShamirThreshold })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, ct) =>
        {
            var words = result.GetValue(Arguments) ?? [];
            if (words.Length != 2)
            {
                // cmd/sops/main.go:1617
                return Task.FromResult(new Reporter(ctx.StandardError).Fail(
                    new SopsException(SopsError.NoFileSpecified, "unset takes exactly two arguments: the file and the tree path"), null));
            }

            return RunAsync(new Options(
                new FileOptions(words[0]) { InPlace = true, InputType = result.GetValue(InputType), OutputType = result.GetValue(OutputType), ConfigPath = result.GetValue(GlobalOptions.Config), Indent = result.GetValue(GlobalOptions.Indent) },
                words[1])
            {
                Idempotent = result.GetValue(Idempotent),
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
            var session = await EncryptedFileSession.OpenAsync(ctx, o.Files, o.IgnoreMac, o.DecryptionOrder, ct).ConfigureAwait(false);
            var documents = session.Plain.Documents;
            if (o.Idempotent && TreeEditor.Get(documents[0], path) is null)
            {
                return 0;
            }

            Mapping edited;
            try
            {
                edited = TreeEditor.Unset(documents[0], path);
            }
            catch (TreeEditException e)
            {
                // sops's unset fails with a plain error ("Key not found: x"), exit 1 (sops.go unset).
                throw new SopsException(SopsError.Generic, e.Message);
            }

            session.Save(ctx, documents.SetItem(0, edited));
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, o.Files.File);
        }
    }
}
