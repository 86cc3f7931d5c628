using System.Collections.Immutable;
using System.CommandLine;
using SopsNet.Cli.Git;
using SopsNet.Cli.Output;
using SopsNet.Cli.IO;
using SopsNet.Documents;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet merge BASE OURS THEIRS [PATH]</c>, git's merge driver (<c>%O %A %B %P</c>): merges the
/// decrypted values three-way and writes the result over OURS, encrypted with ours' data key and keys, so
/// unchanged values keep their ciphertext. Exit 0 when clean, 1 on conflict or error.
/// </summary>
/// <remarks>
/// A conflict leaves ours' value in place and names its path on stderr, and OURS stays a valid encrypted
/// file with a valid mac. Git-style markers are not written: they would either hold plaintext or break the
/// file's format, and neither may end up committed. Git keeps theirs' version as index stage 3
/// (<c>git show :3:PATH</c>) for resolving by hand. On any error OURS is left as it was.
/// </remarks>
internal sealed class MergeCommand
{
    public sealed record Options(string Base, string Ours, string Theirs, string? Path)
    {
        public string? InputType { get; init; }
        public string? ConfigPath { get; init; }
        public string? DecryptionOrder { get; init; }
    }

    private static readonly Argument<string> BaseArgument = new("base") { Description = "the common ancestor (git's %O; an empty file when there is none)" };
    private static readonly Argument<string> OursArgument = new("ours") { Description = "our version (git's %A); the result is written here" };
    private static readonly Argument<string> TheirsArgument = new("theirs") { Description = "their version (git's %B)" };
    private static readonly Argument<string?> PathArgument = new("path") { Arity = ArgumentArity.ZeroOrOne, Description = "the file's path in the repository (git's %P), for the format and messages" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("merge", "git merge driver: three-way merge of an encrypted file's values");
        foreach (var a in new Argument[] { BaseArgument, OursArgument, TheirsArgument, PathArgument })
        {
            command.Arguments.Add(a);
        }

        command.Options.Add(InputType);
        command.SetAction((result, ct) => RunAsync(new Options(result.GetValue(BaseArgument)!, result.GetValue(OursArgument)!, result.GetValue(TheirsArgument)!, result.GetValue(PathArgument))
        {
            InputType = result.GetValue(InputType),
            ConfigPath = result.GetValue(GlobalOptions.Config),
            DecryptionOrder = GlobalOptions.DecryptionOrderValue(result, ctx),
        }, ctx, ct));
        return command;
    }

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        var name = o.Path ?? o.Ours;
        try
        {
            var config = Settings.LoadConfig(ctx, o.ConfigPath, null);
            var baseInput = InputFile.Read(ctx, o.Base, null);
            var oursInput = InputFile.Read(ctx, o.Ours, null);
            var theirsInput = InputFile.Read(ctx, o.Theirs, null);
            var store = FileFormats.Create(o.InputType ?? EncryptedFormat.Detect(FileFormats.FromName(name), oursInput.Content), config.Indents);
            var merged = await FileMerge.MergeAsync(store, baseInput.Content, oursInput.Content, theirsInput.Content,
                KeyProviders.CreateKeyRing(ctx, o.DecryptionOrder), ctx.Clock, ct).ConfigureAwait(false);
            if (merged.NotEncrypted)
            {
                // Not an encrypted file (the pattern also matched a plain one): git's own text merge.
                return PlainMerge(ctx, o, reporter, name);
            }

            if (merged.Content is { } content)
            {
                OutputTarget.Write(ctx, content, inPlace: true, null, oursInput, NewFileMode.Default);
            }

            foreach (var conflict in merged.Conflicts)
            {
                reporter.Error($"{name}: merge conflict at {conflict}; ours is kept (theirs: git show :3:{name})");
            }

            foreach (var conflict in merged.KeyConflicts)
            {
                reporter.Error($"{name}: merge conflict: {conflict}");
            }

            return merged.IsClean ? 0 : 1;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Any failure leaves OURS as it was; exit 1 makes git report a conflict instead of a merge.
            reporter.Fail(e, name);
            return 1;
        }
    }

    private static int PlainMerge(CliContext ctx, Options o, Reporter reporter, string name)
    {
        var result = GitRunner.Run(ctx, ctx.CurrentDirectory, "merge-file", "-L", "ours", "-L", "base", "-L", "theirs",
            ctx.FullPath(o.Ours), ctx.FullPath(o.Base), ctx.FullPath(o.Theirs));
        if (result.ExitCode < 0 || result.ExitCode > 127)
        {
            reporter.Error($"{name}: git merge-file failed: {result.Stderr.Trim()}");
        }

        return result.ExitCode == 0 ? 0 : 1;
    }
}
