using System.Collections.Immutable;
using SopsNet.Keys;

namespace SopsNet.Merge;

/// <summary>
/// Merges the recipients (key groups) of two versions of a file: a recipient either side added is kept
/// (union), so a merge never locks out someone a branch gave access to. A recipient our side removed stays
/// removed (the merged file keeps ours' data key, so ours' rotation holds). A recipient only their side
/// removed is a conflict and is kept: removing someone only means something with a new data key, and
/// theirs' data key is not the one the merged file keeps.
/// </summary>
internal static class RecipientMerge
{
    /// <summary>
    /// The merged single key group: ours' entries (with their wrapped data key), then recipients only theirs
    /// has, with their <c>enc</c> cleared, so ours' data key must be wrapped for them. Conflicts name the
    /// removed recipients, never a key.
    /// </summary>
    public static (ImmutableArray<MasterKey> Keys, ImmutableArray<string> Conflicts) Merge(
        ImmutableArray<MasterKey>? baseKeys, ImmutableArray<MasterKey> ours, ImmutableArray<MasterKey> theirs)
    {
        var oursIds = ours.Select(KeyIdentity.Of).ToHashSet();
        var theirsIds = theirs.Select(KeyIdentity.Of).ToHashSet();
        var conflicts = new List<string>();
        if (baseKeys is { } b)
        {
            // Ours' removal is safe to take as is: the merged file keeps ours' data key, which a rotation
            // on our side already replaced. Theirs' removal is not: its rotation is lost with theirs' key.
            foreach (var key in b.Select(KeyIdentity.Of).Distinct().Where(k => oursIds.Contains(k) && !theirsIds.Contains(k)))
            {
                conflicts.Add($"recipient {key} was removed on their side only; it is kept: remove it again with updatekeys, then rotate");
            }
        }

        var added = theirs.Where(k => !oursIds.Contains(KeyIdentity.Of(k)) && (baseKeys is not { } b2 || !b2.Any(x => KeyIdentity.Of(x) == KeyIdentity.Of(k))))
            .Select(k => k.With("enc", ""));
        return (ours.AddRange(added), [.. conflicts]);
    }
}
