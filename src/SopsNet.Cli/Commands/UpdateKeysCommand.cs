using System.Collections.Immutable;
using System.CommandLine;
using SopsNet.Cli.Output;
using SopsNet.Documents;
using SopsNet.Keys;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet updatekeys FILE…</c>: gives files the key groups of their matching creation rule, and the
/// shamir threshold of <c>--shamir-secret-sharing-threshold</c> (as sops: the file's threshold, or the flag's,
/// at most the rule's number of groups). The plan is shown first and applied after confirmation (<c>-y</c>
/// skips it; <c>--dry-run</c> only shows it). Adding recipients re-wraps the existing data key (split afresh
/// across the groups when there are several, as sops does). Removing one, or needing more groups than
/// before, rotates the data key by default — unlike sops (getsops/sops#365), because whoever could open the
/// file before may still hold the old key; <c>--keep-data-key</c> keeps sops's behaviour.
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
        public bool Quiet { get; init; }

        /// <summary>--shamir-secret-sharing-threshold; null (or 0, as sops reads it) keeps the file's.</summary>
        public int? ShamirThreshold { get; init; }
    }

    /// <summary>A null change: the file is not encrypted (a plaintext file under a rule), so it is skipped.</summary>
    private sealed record Plan(string File, KeyChange? Change);

    private static readonly Argument<string[]> PathsArgument = new("file") { Arity = ArgumentArity.ZeroOrMore, Description = "encrypted file(s); directories with -r" };
    private static readonly Option<bool> Yes = new("--yes", "-y") { Description = "apply without asking" };
    private static readonly Option<bool> DryRun = new("--dry-run") { Description = "show what would change and write nothing" };
    private static readonly Option<bool> Recursive = new("--recursive", "-r") { Description = "every file a creation rule matches below the given directories" };
    private static readonly Option<bool> KeepDataKey = new("--keep-data-key") { Description = "as sops: keep the data key even when a recipient is removed" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<bool> Quiet = BatchOptions.Quiet();

    // Its own instance for its own help: here the default is the file's threshold, not every group.
    private static readonly Option<int?> ShamirThreshold = new("--shamir-secret-sharing-threshold")
    {
        Description = "how many key groups are needed to decrypt (default: the file's; at most the rule's number of groups)",
    };

    public static Command Create(CliContext ctx)
    {
        var command = new Command("updatekeys", "give files the recipients of their creation rule in .sops.yaml");
        command.Arguments.Add(PathsArgument);
        foreach (var option in new Option[] { Yes, DryRun, Recursive, KeepDataKey, InputType, ShamirThreshold, Quiet })
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
            Quiet = result.GetValue(Quiet),
            ShamirThreshold = result.GetValue(ShamirThreshold),
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
            var plans = files.Select(f => Named(f, files.Count, () => PlanFor(ctx, o, f))).ToList();
            var pending = plans.Where(p => p.Change is { IsEmpty: false }).ToList();
            var unchanged = plans.Count - pending.Count;
            if (!o.Quiet)
            {
                // Unchanged files are only counted (a line each buried the few that change); the plan is
                // shown when it is what the user confirms or asked for, otherwise the applied lines say it.
                foreach (var plan in plans.Where(p => p.Change is null || (p.Change.IsEmpty ? plans.Count == 1 : o.DryRun || !o.Yes)))
                {
                    reporter.Note(plan.Change is null
                        ? $"{plan.File}: not encrypted; skipped"
                        : $"{plan.File}: {(o.DryRun && !plan.Change.IsEmpty ? "would change: " : "")}{plan.Change}");
                }
            }

            if (o.DryRun || pending.Count == 0)
            {
                if (!o.Quiet && plans.Count > 1)
                {
                    reporter.Note(o.DryRun ? $"{plans.Count} files: {pending.Count} would change, {unchanged} unchanged" : new BatchSummary(0, unchanged, 0).ToString());
                }

                return 0;
            }

            if (!o.Yes && !Confirm(ctx, reporter, pending.Count))
            {
                reporter.Note("nothing changed");
                return 0;
            }

            return await FileBatch.RunAsync(ctx, pending.Select(p => p.File).ToList(),
                file => ApplyAsync(ctx, o, pending.First(p => p.File == file), ct), ct, o.Quiet, unchanged).ConfigureAwait(false);
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
        var job = FileJob.Open(ctx, new FileOptions(file) { InputType = o.InputType, ConfigPath = o.ConfigPath }, encrypted: true);
        var metadata = SopsDocument.ReadMetadata(SopsDocument.Parse(job.InStore, job.Input.Content, SopsError.Generic));
        if (metadata is null)
        {
            return new Plan(file, null);
        }

        var rule = job.Config.RuleFor(job.Input.NameForRules)
            ?? throw new SopsException(SopsError.Generic, $"no creation rule in {job.Config.Describe(ctx.CurrentDirectory)} matches this file");
        RecipientDrift.Warn(ctx, file, RecipientDrift.Find(metadata.KeyGroups, rule));
        return new Plan(file, Change(metadata.KeyGroups, metadata.ShamirThreshold, rule.KeyGroups, o.ShamirThreshold));
    }

    /// <summary>A planning failure names its file when there are several (with one, the error line starts with it).</summary>
    private static Plan Named(string file, int count, Func<Plan> plan)
    {
        try
        {
            return plan();
        }
        catch (SopsException e) when (count > 1)
        {
            throw e.InFile(file);
        }
    }

    /// <summary>
    /// The change for one file. A threshold of 1 across several groups is refused before anything is asked:
    /// sops accepts it into its plan and then fails to split the key (shamir.Split needs at least 2), exit 1.
    /// </summary>
    private static KeyChange Change(
        ImmutableArray<ImmutableArray<MasterKey>> current, int currentThreshold, ImmutableArray<ImmutableArray<MasterKey>> target, int? requested)
    {
        var change = KeyChange.To(current, currentThreshold, target, requested);
        if (change.Groups.Length > 1 && change.ThresholdAfter == 1)
        {
            throw new SopsException(SopsError.Generic,
                $"a shamir threshold of 1 cannot split the data key across {change.Groups.Length} key groups (it must be at least 2)");
        }

        return change;
    }

    /// <summary>
    /// True on "y". No answer at all (standard input at its end, as in CI) is an error, not a no: exiting 0
    /// there let a pipeline pass while changing nothing. sops also fails when its prompt reads nothing
    /// (its Scanln error ends the command with exit 1).
    /// </summary>
    private static bool Confirm(CliContext ctx, Reporter reporter, int count)
    {
        var files = $"{count} file{(count == 1 ? "" : "s")}";
        reporter.Note($"apply these changes to {files}? [y/N]");
        using var reader = new StreamReader(ctx.StandardInput, leaveOpen: true);
        var answer = reader.ReadLine()
            ?? throw new SopsException(SopsError.Generic, $"{files} would change, but no answer came (standard input ended: not a terminal?) and -y was not given; nothing changed (use -y to apply, --dry-run to only show the plan)");
        return answer.Trim().ToLowerInvariant() is "y" or "yes";
    }

    private static async Task<FileResult> ApplyAsync(CliContext ctx, Options o, Plan plan, CancellationToken ct)
    {
        var files = new FileOptions(plan.File) { InPlace = true, InputType = o.InputType, ConfigPath = o.ConfigPath };
        var session = await EncryptedFileSession.OpenAsync(ctx, files, o.IgnoreMac, o.DecryptionOrder, ct).ConfigureAwait(false);

        // Against the content read under the lock: another writer may have changed the keys since the plan.
        var metadata = session.Plain.Metadata;
        var change = Change(metadata.KeyGroups, metadata.ShamirThreshold, session.Job.Config.RuleFor(session.Job.Input.NameForRules)!.KeyGroups, o.ShamirThreshold);
        if (change.IsEmpty)
        {
            return new FileResult(change.ToString(), Changed: false);
        }

        var reason = change.Removed.Count > 0 ? "a removed recipient may still hold the old one"
            : change.NeedsMoreGroups ? "fewer key groups than are now needed could open it before and may still hold the old one"
            : null;
        if (reason is not null && !o.KeepDataKey)
        {
            await session.RotateAsync(ctx, change.Groups, ct, change.ThresholdAfter).ConfigureAwait(false);
            return new FileResult($"{change}; data key rotated, since {reason} (--keep-data-key to keep it)", Changed: true);
        }

        if (change.Resplits)
        {
            await session.ResplitAsync(ctx, change.Groups, change.ThresholdAfter, ct).ConfigureAwait(false);
        }
        else
        {
            await session.RewrapAsync(ctx, change.Groups, ct).ConfigureAwait(false);
        }

        return new FileResult(change.ToString(), Changed: true);
    }
}
