using System.Collections.Immutable;
using SopsNet.Tree;

namespace SopsNet.Merge;

/// <summary>
/// The merged documents and the conflicts found; at a conflict the documents hold ours' version, so the
/// result is always a complete, valid tree.
/// </summary>
public sealed record MergeResult(ImmutableArray<Mapping> Documents, ImmutableArray<MergeConflict> Conflicts)
{
    public bool IsClean => Conflicts.IsEmpty;
}
