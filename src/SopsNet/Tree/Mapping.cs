using System.Collections.Immutable;

namespace SopsNet.Tree;

/// <summary>An ordered mapping; its items are <see cref="Pair"/>s and <see cref="Comment"/>s in document order.</summary>
public sealed record Mapping(ImmutableArray<Node> Items) : Node
{
    public static Mapping Empty { get; } = new(ImmutableArray<Node>.Empty);

    public IEnumerable<Pair> Pairs => Items.OfType<Pair>();

    public Node? this[string key] => Items.OfType<Pair>().FirstOrDefault(p => p.Key == key)?.Value;
}
