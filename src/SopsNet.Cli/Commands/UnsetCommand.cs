using System.CommandLine;
using SopsNet.Cli.Output;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary><c>sopsnet unset FILE PATH</c>: removes one key or list item from an encrypted file, in place.</summary>
public sealed class UnsetCommand
{
    public sealed record Options(FileOptions Files, string Path)
    {
        public bool Idempotent { get; init; }
        public bool IgnoreMac { get; init; }
        public string? DecryptionOrder { get; init; }
    }

    private static readonly Argument<string> FileArgument = new("file") { Description = "the encrypted file (changed in place)" };
    private static readonly Argument<string> PathArgument = new("index") { Description = "tree path, e.g. '[\"db\"][\"password\"]'" };
    private static readonly Option<bool> Idempotent = new("--idempotent") { Description = "succeed without change when the path does not exist" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> DecryptionOrder = SharedOptions.DecryptionOrder();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("unset", "remove one key or list item from an encrypted file, in place");
        command.Arguments.Add(FileArgument);
        command.Arguments.Add(PathArgument);
        foreach (var option in new Option[] { Idempotent, InputType, DecryptionOrder })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, ct) => RunAsync(new Options(
            new FileOptions(result.GetValue(FileArgument)) { InPlace = true, InputType = result.GetValue(InputType), ConfigPath = result.GetValue(GlobalOptions.Config), Indent = result.GetValue(GlobalOptions.Indent) },
            result.GetValue(PathArgument)!)
        {
            Idempotent = result.GetValue(Idempotent),
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
            var session = await EncryptedFileSession.OpenAsync(ctx, o.Files, o.IgnoreMac, o.DecryptionOrder, ct).ConfigureAwait(false);
            var documents = session.Plain.Documents;
            if (o.Idempotent && TreeEditor.Get(documents[0], path) is null)
            {
                return 0;
            }

            session.Save(ctx, documents.SetItem(0, SetCommand.Edit(() => TreeEditor.Unset(documents[0], path))));
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, o.Files.File);
        }
    }
}
