using System.CommandLine;
using SopsNet.Cli.Output;
using SopsNet.Documents;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet updatekeys FILE…</c>: gives files the recipients of their matching creation rule. The plan is
/// shown first and applied after confirmation (<c>-y</c> skips it; <c>--dry-run</c> only shows it). Adding
/// recipients re-wraps the existing data key. Removing one rotates the data key by default — unlike sops
/// (getsops/sops#365), because the removed recipient may still hold the old key; <c>--keep-data-key</c>
/// keeps sops's behaviour.
/// </summary>
internal sealed class UpdateKeysCommand
{
    public sealed record Options(IReadOnlyList<string> Paths)
    {
        public bool Yes { get; init; }
        public bool DryRun { get; init; }
        public bool Recursive { get; init; }
        public bool KeepDataKey { get; init; }
        public bool IgnoreMac { get; init; }
        public string? InputType { get; init; }
        public string? ConfigPath { get; init; }
        public string? DecryptionOrder { get; init; }
    }

    /// <summary>A null change: the file is not encrypted (a plaintext file under a rule), so it is skipped.</summary>
    private sealed record Plan(string File, KeyChange? Change);

    private static readonly Argument<string[]> PathsArgument = new("file") { Arity = ArgumentArity.ZeroOrMore, Description = "encrypted file(s); directories with -r" };
    private static readonly Option<bool> Yes = new("--yes", "-y") { Description = "apply without asking" };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "show what would change and write nothing" };
    private static readonly Option<bool> Recursive = new("--recursive", "-r") { Description = "every file a creation rule matches below the given directories" };
    private static readonly Option<bool> KeepDataKey = new("--keep-data-key") { Description = "as sops: keep the data key even when a recipient is removed" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("updatekeys", "give files the recipients of their creation rule in .sops.yaml");
        command.Arguments.Add(PathsArgument);
        foreach (var option in new Option[] { Yes, DryRun, Recursive, KeepDataKey, InputType, GroupsCommand.ShamirThreshold })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, ct) => RunAsync(new Options(result.GetValue(PathsArgument) ?? [])
        {
            Yes = result.GetValue(Yes),
            DryRun = result.GetValue(DryRun),
            Recursive = result.GetValue(Recursive),
            KeepDataKey = result.GetValue(KeepDataKey),
            IgnoreMac = result.GetValue(GlobalOptions.IgnoreMac),
            InputType = result.GetValue(InputType),
            ConfigPath = result.GetValue(GlobalOptions.Config),
            DecryptionOrder = GlobalOptions.DecryptionOrderValue(result, ctx),
        }, ctx, ct));
        return command;
    }

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            if (o.Paths.Count == 0)
            {
                throw new SopsException(SopsError.NoFileSpecified, "no file specified"); // cmd/sops/main.go:750
            }

            var config = Settings.LoadConfig(ctx, o.ConfigPath, null);

            // sops's updatekeys stats the file first and fails with a plain error, exit 1 (updatekeys.go).
            var files = FileSet.Expand(ctx, o.Paths, o.Recursive, config, SopsError.Generic);

            // Planning reads only metadata: no key is needed to see what would change.
            var plans = files.Select(f => PlanFor(ctx, o, f)).ToList();
            foreach (var plan in plans)
            {
                reporter.Note(plan.Change is null
                    ? $"{plan.File}: not encrypted; skipped"
                    : $"{plan.File}: {(o.DryRun && !plan.Change.IsEmpty ? "would change: " : "")}{plan.Change}");
            }

            var pending = plans.Where(p => p.Change is { IsEmpty: false }).ToList();
            if (o.DryRun || pending.Count == 0)
            {
                return 0;
            }

            if (!o.Yes && !Confirm(ctx, reporter, pending.Count))
            {
                reporter.Note("nothing changed");
                return 0;
            }

            return await FileBatch.RunAsync(ctx, pending.Select(p => p.File).ToList(),
                file => ApplyAsync(ctx, o, pending.First(p => p.File == file), ct), ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, o.Paths.Count == 1 ? o.Paths[0] : null);
        }
    }

    private static Plan PlanFor(CliContext ctx, Options o, string file)
    {
        // Not opened for update: planning takes no lock, so two updatekeys runs never hold one file each
        // while waiting for the other's; the change is worked out again under the lock when applied.
        var job = FileJob.Open(ctx, new FileOptions(file) { InputType = o.InputType, ConfigPath = o.ConfigPath });
        var metadata = SopsDocument.ReadMetadata(SopsDocument.Parse(job.InStore, job.Input.Content, SopsError.Generic));
        if (metadata is null)
        {
            return new Plan(file, null);
        }

        var rule = job.Config.RuleFor(job.Input.NameForRules)
            ?? throw new SopsException(SopsError.Generic, $"{file}: no creation rule in .sops.yaml matches this file");
        RecipientDrift.Warn(ctx, file, RecipientDrift.Find(metadata.KeyGroups, rule));
        return new Plan(file, KeyChange.To(metadata.KeyGroups, rule.KeyGroups));
    }

    private static bool Confirm(CliContext ctx, Reporter reporter, int count)
    {
        reporter.Note($"apply these changes to {count} file{(count == 1 ? "" : "s")}? [y/N]");
        using var reader = new StreamReader(ctx.StandardInput, leaveOpen: true);
        return reader.ReadLine()?.Trim().ToLowerInvariant() is "y" or "yes";
    }

    private static async Task<string> ApplyAsync(CliContext ctx, Options o, Plan plan, CancellationToken ct)
    {
        var files = new FileOptions(plan.File) { InPlace = true, InputType = o.InputType, ConfigPath = o.ConfigPath };
        var session = await EncryptedFileSession.OpenAsync(ctx, files, o.IgnoreMac, o.DecryptionOrder, ct).ConfigureAwait(false);

        // Against the content read under the lock: another writer may have changed the keys since the plan.
        var change = KeyChange.To(session.Plain.Metadata.KeyGroups, session.Job.Config.RuleFor(session.Job.Input.NameForRules)!.KeyGroups);
        if (change.IsEmpty)
        {
            return change.ToString();
        }

        if (change.Removed.Count > 0 && !o.KeepDataKey)
        {
            await session.RotateAsync(ctx, change.Groups, ct).ConfigureAwait(false);
            return $"{change}; data key rotated, since a removed recipient may still hold the old one (--keep-data-key to keep it)";
        }

        await session.RewrapAsync(ctx, change.Groups, ct).ConfigureAwait(false);
        return change.ToString();
    }
}
