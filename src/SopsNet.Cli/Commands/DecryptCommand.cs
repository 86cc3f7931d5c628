using System.CommandLine;
using SopsNet.Cli.Output;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary><c>sopsnet decrypt [FILE]</c>: prints (or writes) the decrypted file, after checking its MAC.</summary>
internal sealed class DecryptCommand
{
    public sealed record Options(FileOptions Files)
    {
        public string? Extract { get; init; }
        public bool IgnoreMac { get; init; }
        public string? DecryptionOrder { get; init; }
        public bool Textconv { get; init; }
    }

    private static readonly Argument<string[]> FileArgument = new("file") { Arity = ArgumentArity.ZeroOrMore, Description = "the encrypted file (standard input if absent)" };
    private static readonly Option<bool> InPlace = new("--in-place", "-i") { Description = "write the result over the input file" };
    private static readonly Option<string?> Output = new("--output") { Description = "write the result to this file" };
    private static readonly Option<string?> Extract = new("--extract") { Description = "print only the value at this tree path, e.g. '[\"db\"][\"password\"]'" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> OutputType = SharedOptions.OutputType();
    private static readonly Option<string?> FilenameOverride = new("--filename-override") { Description = "file name used for format detection" };
    private static readonly Option<bool> Textconv = new("--textconv") { Description = "git diff driver mode: a file that is not encrypted prints unchanged, a failure prints a marker line; exit 0" };

    public static Command Create(CliContext ctx)
    {
        var command = new Command("decrypt", "decrypt a file and print it, checking its mac");
        command.Arguments.Add(FileArgument);
        foreach (var option in new Option[] { InPlace, Output, Extract, InputType, OutputType, FilenameOverride, Textconv })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, ct) => RunAsync(new Options(new FileOptions(SharedOptions.FirstFile(result.GetValue(FileArgument), ctx))
        {
            InPlace = result.GetValue(InPlace),
            Output = result.GetValue(Output),
            InputType = result.GetValue(InputType),
            OutputType = result.GetValue(OutputType),
            FilenameOverride = result.GetValue(FilenameOverride),
            ConfigPath = result.GetValue(GlobalOptions.Config),
            Indent = result.GetValue(GlobalOptions.Indent),
        })
        {
            Extract = result.GetValue(Extract),
            IgnoreMac = result.GetValue(GlobalOptions.IgnoreMac),
            DecryptionOrder = GlobalOptions.DecryptionOrderValue(result, ctx),
            Textconv = result.GetValue(Textconv),
        }, ctx, ct));
        return command;
    }

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        if (o.Textconv)
        {
            return await Git.Textconv.RunAsync(o, ctx, ct).ConfigureAwait(false);
        }

        var reporter = new Reporter(ctx.StandardError);
        FileJob? job = null;
        try
        {
            var extract = o.Extract is null ? null : TreePath.TryParse(o.Extract)
                ?? throw new SopsException(SopsError.InvalidTreePathFormat, $"--extract: '{o.Extract}' is not a tree path like [\"key\"][0]");
            SharedOptions.RequireExisting(ctx, o.Files.File);
            job = extract is null ? FileJob.OpenUnread(ctx, o.Files) : null;
            var keys = KeyProviders.CreateKeyRing(ctx, o.DecryptionOrder);
            var streaming = job is not null;
            if (job is not null && await job.TryDecryptTextAsync(keys, o.IgnoreMac, ct).ConfigureAwait(false) is { } streamed)
            {
                WarnUndecryptable(reporter, job, streamed.UndecryptableComments);
                FileJob.PrintDecrypted(ctx, streamed);
                return 0;
            }

            // A file not read piece by piece after all is read whole, and reported on as a whole.
            job = FileJob.Open(ctx, o.Files, encrypted: true);
            if (extract is null && !streaming && await job.TryDecryptTextAsync(keys, o.IgnoreMac, ct).ConfigureAwait(false) is { } text)
            {
                WarnUndecryptable(reporter, job, text.UndecryptableComments);
                FileJob.PrintDecrypted(ctx, text);
                return 0;
            }

            var file = await job.OpenAsync(ctx, keys, o.IgnoreMac, ct).ConfigureAwait(false);
            WarnUndecryptable(reporter, job, file.Plain.UndecryptableComments);

            if (extract is null)
            {
                job.WriteDecrypted(ctx, file.Decrypted(verify: job.VerifiesDecrypted));
            }
            else
            {
                // sops's Truncate fails with a plain error (exit 1) for a key or index that is not there.
                job.WriteExtracted(ctx, file.Extract(extract)
                    ?? throw new SopsException(SopsError.Generic, $"--extract: {extract}: no such key or index in the file"));
            }

            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, job?.Input.DisplayName ?? o.Files.File);
        }
    }

    private static void WarnUndecryptable(Reporter reporter, FileJob job, IReadOnlyList<string> paths)
    {
        foreach (var path in paths)
        {
            reporter.Warning($"{job.Input.DisplayName}: {path}: a comment looks encrypted but does not decrypt; it is kept as it is");
        }
    }
}
