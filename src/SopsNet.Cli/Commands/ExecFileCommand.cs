using System.CommandLine;
using SopsNet.Cli.Exec;
using SopsNet.Cli.IO;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet exec-file FILE COMMAND</c>: runs COMMAND with <c>{}</c> replaced by the path of the decrypted
/// file, offered through a FIFO (default) or, with --no-fifo, a 0600 temp file; either is removed when the
/// command ends. Returns the command's exit code.
/// </summary>
public sealed class ExecFileCommand
{
    public sealed record Options(FileOptions Files, string Command)
    {
        public bool NoFifo { get; init; }
        public string FileName { get; init; } = "tmp-file";
        public bool IgnoreMac { get; init; }
        public string? DecryptionOrder { get; init; }
    }

    private static readonly Argument<string> FileArgument = new("file") { Description = "the encrypted file" };
    private static readonly Argument<string> CommandArgument = new("command") { Description = "run with /bin/sh -c, as sops does; {} is replaced by the decrypted file's path" };
    private static readonly Option<bool> NoFifo = new("--no-fifo") { Description = "use a 0600 temp file instead of a fifo (for commands that read the file twice or seek in it)" };
    private static readonly Option<string> FileName = new("--filename") { Description = "name of the fifo or file inside its private directory (default tmp-file)", DefaultValueFactory = _ => "tmp-file" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> OutputType = SharedOptions.OutputType();
    private static readonly Option<string?> DecryptionOrder = SharedOptions.DecryptionOrder();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("exec-file", "run a command with {} replaced by the path of the decrypted file");
        command.Arguments.Add(FileArgument);
        command.Arguments.Add(CommandArgument);
        foreach (var option in new Option[] { NoFifo, FileName, InputType, OutputType, DecryptionOrder })
        {
            command.Options.Add(option);
        }

        // Synchronous on purpose, as exec-env: signals go to the command, and we wait for its exit code.
        command.SetAction(result => RunAsync(new Options(new FileOptions(result.GetValue(FileArgument))
        {
            InputType = result.GetValue(InputType),
            OutputType = result.GetValue(OutputType),
            ConfigPath = result.GetValue(GlobalOptions.Config),
            Indent = result.GetValue(GlobalOptions.Indent),
        }, result.GetValue(CommandArgument) ?? "")
        {
            NoFifo = result.GetValue(NoFifo),
            FileName = result.GetValue(FileName) ?? "tmp-file",
            IgnoreMac = result.GetValue(GlobalOptions.IgnoreMac),
            DecryptionOrder = result.GetValue(DecryptionOrder) ?? ctx.Env("SOPS_DECRYPTION_ORDER"),
        }, ctx, CancellationToken.None).GetAwaiter().GetResult());
        return command;
    }

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        byte[] content;
        try
        {
            if (o.FileName is "" or "." or ".." || o.FileName.Contains('/') || o.FileName.Contains('\0'))
            {
                throw new CliException(SopsError.Generic, $"--filename: '{o.FileName}' must be a plain file name, without '/'");
            }

            var session = await EncryptedFileSession.OpenAsync(ctx, o.Files, o.IgnoreMac, o.DecryptionOrder, ct).ConfigureAwait(false);
            content = session.Job.OutStore.Write(session.Plain.Documents, null, session.Job.Original(session.Encrypted));
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, o.Files.File);
        }

        try
        {
            if (o.NoFifo)
            {
                using var file = new PlaintextTempFile(o.FileName, content);
                return await RunWithPathAsync(o.Command, file.Path, ctx.CurrentDirectory).ConfigureAwait(false);
            }

            await using var fifo = new PlaintextFifo(o.FileName, content);
            return await RunWithPathAsync(o.Command, fifo.Path, ctx.CurrentDirectory).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, null);
        }
    }

    /// <summary>As sops: every <c>{}</c> becomes the path, unquoted (the path is ours and has no spaces unless --filename has).</summary>
    private static Task<int> RunWithPathAsync(string command, string path, string cwd) =>
        ShellCommand.RunAsync(command.Replace("{}", path, StringComparison.Ordinal), [], pristine: false, cwd);
}
