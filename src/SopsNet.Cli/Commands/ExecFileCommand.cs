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
internal sealed class ExecFileCommand
{
    public sealed record Options(FileOptions Files, string Command)
    {
        public bool NoFifo { get; init; }
        public string FileName { get; init; } = "tmp-file";
        public bool IgnoreMac { get; init; }
        public string? DecryptionOrder { get; init; }

        public ExecMode Mode { get; init; } = new(false, false, null);
    }

    // One argument for both, so that a missing one is sops's error (exit 1), not a parse error.
    private static readonly Argument<string[]> FileAndCommand = new("file command") { Arity = ArgumentArity.ZeroOrMore, Description = "the encrypted file, then the command, run with /bin/sh -c as sops does; {} is replaced by the decrypted file's path" };
    private static readonly Option<bool> NoFifo = new("--no-fifo") { Description = "use a 0600 temp file instead of a fifo (for commands that read the file twice or seek in it)" };
    private static readonly Option<string> FileName = new("--filename") { Description = "name of the fifo or file inside its private directory (default tmp-file)", DefaultValueFactory = _ => "tmp-file" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> OutputType = SharedOptions.OutputType();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("exec-file", "run a command with {} replaced by the path of the decrypted file");
        command.Arguments.Add(FileAndCommand);
        foreach (var option in new Option[] { NoFifo, FileName, InputType, OutputType, ExecMode.BackgroundOption, ExecMode.UserOption })
        {
            command.Options.Add(option);
        }

        // Synchronous on purpose, as exec-env: signals go to the command, and we wait for its exit code.
        command.SetAction(result => result.GetValue(FileAndCommand) is not [var file, var shellCommand]
            ? new Reporter(ctx.StandardError).Fail(new SopsException(SopsError.Generic, "give the encrypted file and the command to run"), null) // cmd/sops/main.go:328
            : RunAsync(new Options(new FileOptions(file)
        {
            InputType = result.GetValue(InputType),
            OutputType = result.GetValue(OutputType),
            ConfigPath = result.GetValue(GlobalOptions.Config),
            Indent = result.GetValue(GlobalOptions.Indent),
        }, shellCommand)
        {
            NoFifo = result.GetValue(NoFifo),
            FileName = result.GetValue(FileName) ?? "tmp-file",
            IgnoreMac = result.GetValue(GlobalOptions.IgnoreMac),
            DecryptionOrder = GlobalOptions.DecryptionOrderValue(result, ctx),
            Mode = ExecMode.From(result, sameProcess: false),
        }, ctx, CancellationToken.None).GetAwaiter().GetResult());
        return command;
    }

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        byte[] content;
        try
        {
            o.Mode.Check("exec-file", reporter);
            if (o.Mode.Background && o.NoFifo)
            {
                // sops removes the temp file as soon as the command has started, before it can read it.
                throw new SopsException(SopsError.ConflictingParameters, "--background needs the fifo: with --no-fifo the decrypted file would be removed before the command could read it");
            }

            if (o.FileName is "" or "." or ".." || o.FileName.Contains('/') || o.FileName.Contains('\0'))
            {
                throw new SopsException(SopsError.Generic, $"--filename: '{o.FileName}' must be a plain file name, without '/'");
            }

            var session = await EncryptedFileSession.OpenAsync(ctx, o.Files, o.IgnoreMac, o.DecryptionOrder, ct).ConfigureAwait(false);
            content = session.Document.Decrypted(verify: false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, o.Files.File);
        }

        try
        {
            // As sops: the user is switched before the decrypted file is made, so it is theirs.
            var variables = o.Mode.SwitchUser(ctx).ToList();
            if (o.NoFifo)
            {
                using var file = new PlaintextTempFile(o.FileName, content);
                return await RunWithPathAsync(o.Command, file.Path, variables, ctx.CurrentDirectory).ConfigureAwait(false);
            }

            await using var fifo = new PlaintextFifo(o.FileName, content);
            if (o.Mode.Background)
            {
                // Returns once the command has taken the content from the fifo (or has ended), then the fifo goes.
                using var started = ShellCommand.Start(WithPath(o.Command, fifo.Path), variables, pristine: false, ctx.CurrentDirectory);
                await Task.WhenAny(fifo.Handover, started.WaitForExitAsync(ct)).ConfigureAwait(false);
                return 0;
            }

            return await RunWithPathAsync(o.Command, fifo.Path, variables, ctx.CurrentDirectory).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, null);
        }
    }

    private static Task<int> RunWithPathAsync(string command, string path, IEnumerable<KeyValuePair<string, string>> variables, string cwd) =>
        ShellCommand.RunAsync(WithPath(command, path), variables, pristine: false, cwd);

    /// <summary>As sops: every <c>{}</c> becomes the path, unquoted (the path is ours and has no spaces unless --filename has).</summary>
    private static string WithPath(string command, string path) => command.Replace("{}", path, StringComparison.Ordinal);
}
