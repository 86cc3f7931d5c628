using System.Collections.Immutable;
using SopsNet.Cli.Output;
using SopsNet.Keys;

namespace SopsNet.Cli.Commands;

/// <summary>
/// How a file's keys change: the new key groups, who is added and removed, and (updatekeys) the shamir
/// threshold before and after.
/// </summary>
internal sealed record KeyChange(ImmutableArray<ImmutableArray<MasterKey>> Groups, IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    public int ThresholdBefore { get; init; }

    public int ThresholdAfter { get; init; }

    /// <summary>The shares change (several groups before or after, or a new threshold): every stanza is wrapped anew.</summary>
    public bool Resplits { get; init; }

    /// <summary>
    /// More key groups are needed than before: groups that could open the file together may not any more,
    /// and they may have kept the data key, as a removed recipient may.
    /// </summary>
    public bool NeedsMoreGroups { get; init; }

    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0 && ThresholdBefore == ThresholdAfter;

    public override string ToString() => IsEmpty
        ? "recipients unchanged"
        : string.Join("; ", Added.Select(a => "+" + a).Concat(Removed.Select(r => "-" + r))
            .Concat(ThresholdBefore == ThresholdAfter ? [] : [$"shamir_threshold {ThresholdBefore} -> {ThresholdAfter}"]));

    /// <summary>The file's keys with <paramref name="add"/> added (to the first group) and <paramref name="remove"/> taken out everywhere.</summary>
    public static KeyChange Edit(ImmutableArray<ImmutableArray<MasterKey>> current, IReadOnlyList<MasterKey> add, IReadOnlyList<MasterKey> remove)
    {
        var removing = remove.Select(KeyIdentity.Of).ToHashSet();
        var present = current.SelectMany(g => g).Select(KeyIdentity.Of).ToHashSet();
        var removed = current.SelectMany(g => g).Where(k => removing.Contains(KeyIdentity.Of(k))).Select(KeyIdentity.Display).ToList();
        var adding = add.Where(k => !present.Contains(KeyIdentity.Of(k))).DistinctBy(KeyIdentity.Of).ToList();
        var groups = current.Select((g, i) => g.Where(k => !removing.Contains(KeyIdentity.Of(k))).Concat(i == 0 ? adding : []).ToImmutableArray()).ToImmutableArray();
        return new KeyChange(groups, adding.Select(KeyIdentity.Display).ToList(), removed);
    }

    /// <summary>
    /// The file's keys replaced by <paramref name="target"/> (a creation rule's), group by group as sops
    /// compares them (cmd/sops/common DiffKeyGroups: a key moved to another group is removed from one and
    /// added to the other), keeping entries that already hold the key. The threshold is as sops's updatekeys
    /// works it out: the file's, or <paramref name="requested"/> when given, at most the rule's number of groups.
    /// </summary>
    public static KeyChange To(
        ImmutableArray<ImmutableArray<MasterKey>> current, int currentThreshold, ImmutableArray<ImmutableArray<MasterKey>> target, int? requested)
    {
        var threshold = Math.Min(requested is > 0 and var r ? r : currentThreshold, target.Length);
        var labelled = current.Length != 1 || target.Length != 1;
        var groups = ImmutableArray.CreateBuilder<ImmutableArray<MasterKey>>(target.Length);
        var added = new List<string>();
        var removed = new List<string>();
        for (var i = 0; i < Math.Max(current.Length, target.Length); i++)
        {
            var ours = i < current.Length ? current[i] : [];
            var theirs = i < target.Length ? target[i] : [];
            var existing = ours.DistinctBy(KeyIdentity.Of).ToDictionary(KeyIdentity.Of);
            var wanted = theirs.Select(KeyIdentity.Of).ToHashSet();
            var label = labelled ? $" (group {i + 1})" : "";
            if (i < target.Length)
            {
                groups.Add(theirs.Select(k => existing.GetValueOrDefault(KeyIdentity.Of(k)) ?? k).DistinctBy(KeyIdentity.Of).ToImmutableArray());
            }

            added.AddRange(theirs.Where(k => !existing.ContainsKey(KeyIdentity.Of(k))).Select(k => KeyIdentity.Display(k) + label).Distinct());
            removed.AddRange(ours.Where(k => !wanted.Contains(KeyIdentity.Of(k))).Select(k => KeyIdentity.Display(k) + label));
        }

        return new KeyChange(groups.MoveToImmutable(), added, removed)
        {
            ThresholdBefore = currentThreshold,
            ThresholdAfter = threshold,
            Resplits = labelled || currentThreshold != threshold,
            NeedsMoreGroups = GroupsNeeded(threshold, target.Length) > GroupsNeeded(currentThreshold, current.Length),
        };
    }

    /// <summary>How many groups open a file: one without sharing, else the threshold (0 is every group, as in sops).</summary>
    private static int GroupsNeeded(int threshold, int groups) => groups <= 1 ? 1 : threshold == 0 ? groups : threshold;
}
