using System.Collections.Immutable;

namespace SopsNet.Tree;

/// <summary>An ordered list; its items are values and <see cref="Comment"/>s in document order.</summary>
public sealed record Sequence(ImmutableArray<Node> Items) : Node;
