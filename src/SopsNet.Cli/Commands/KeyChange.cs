using System.Collections.Immutable;
using SopsNet.Cli.Output;
using SopsNet.Keys;

namespace SopsNet.Cli.Commands;

/// <summary>How a file's recipients change: the new key groups and who is added and removed.</summary>
internal sealed record KeyChange(ImmutableArray<ImmutableArray<MasterKey>> Groups, IReadOnlyList<string> Added, IReadOnlyList<string> Removed)
{
    public bool IsEmpty => Added.Count == 0 && Removed.Count == 0;

    public override string ToString() => IsEmpty
        ? "recipients unchanged"
        : string.Join("; ", Added.Select(a => "+" + a).Concat(Removed.Select(r => "-" + r)));

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

    /// <summary>The file's keys replaced by <paramref name="target"/> (a creation rule's), keeping entries that already hold the key.</summary>
    public static KeyChange To(ImmutableArray<ImmutableArray<MasterKey>> current, ImmutableArray<ImmutableArray<MasterKey>> target)
    {
        if (current.Length != 1 || target.Length != 1)
        {
            throw new SopsException(SopsError.Generic, "files with several key groups (shamir) are not supported yet");
        }

        var existing = current[0].ToDictionary(KeyIdentity.Of);
        var wanted = target[0].Select(KeyIdentity.Of).ToHashSet();
        var group = target[0].Select(k => existing.GetValueOrDefault(KeyIdentity.Of(k)) ?? k).DistinctBy(KeyIdentity.Of).ToImmutableArray();
        return new KeyChange(
            [group],
            target[0].Where(k => !existing.ContainsKey(KeyIdentity.Of(k))).Select(KeyIdentity.Display).Distinct().ToList(),
            current[0].Where(k => !wanted.Contains(KeyIdentity.Of(k))).Select(KeyIdentity.Display).ToList());
    }
}
