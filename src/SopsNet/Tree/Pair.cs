namespace SopsNet.Tree;

/// <summary>One key and its value inside a <see cref="Mapping"/>.</summary>
public sealed record Pair(string Key, Node Value) : Node;
