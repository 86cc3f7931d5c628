using SopsNet.Tree;

namespace SopsNet.Engine;

/// <summary>Where a leaf sits: its AAD (keys joined with ':' plus a trailing ':'), whether the rule encrypts it, and its path.</summary>
internal readonly record struct LeafContext(string Aad, bool Encrypt, IReadOnlyList<string> Keys, IReadOnlyList<object> Segments)
{
    public TreePath Path => new(Segments.ToArray());
}
