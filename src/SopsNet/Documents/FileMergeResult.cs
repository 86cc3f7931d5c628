using System.Collections.Immutable;
using SopsNet.Merge;

namespace SopsNet.Documents;

/// <summary>
/// A three-way merge of an encrypted file: the new bytes of ours (null when ours stays as it is), the value
/// conflicts (ours kept) and the recipient conflicts. <see cref="NotEncrypted"/>: neither side is encrypted,
/// so the caller merges the text itself.
/// </summary>
public sealed record FileMergeResult(byte[]? Content, ImmutableArray<MergeConflict> Conflicts, ImmutableArray<string> KeyConflicts)
{
    public static FileMergeResult Plain { get; } = new(null, [], []) { NotEncrypted = true };

    public bool NotEncrypted { get; init; }

    public bool IsClean => Conflicts.IsEmpty && KeyConflicts.IsEmpty;
}
