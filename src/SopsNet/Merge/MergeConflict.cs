using SopsNet.Tree;

namespace SopsNet.Merge;

/// <summary>
/// A place where both sides changed the same thing differently. <see cref="Reason"/> describes what
/// happened, never a value: merge output is printed, and the values are secrets.
/// </summary>
public sealed record MergeConflict(TreePath Path, string Reason)
{
    public override string ToString() => $"{Path}: {Reason}";
}
