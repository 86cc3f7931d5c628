namespace SopsNet.Tree;

/// <summary>
/// A node of a decoded document. Stores attach an opaque <see cref="Source"/> handle (where the node
/// came from in the original text) so they can splice new values into the original bytes instead of
/// re-emitting the document; the core never looks inside it.
/// </summary>
public abstract record Node
{
    public object? Source { get; init; }
}
