namespace SopsNet.Tree;

/// <summary>A comment line; <see cref="Text"/> is what follows the marker (<c># foo</c> has text <c> foo</c>).</summary>
public sealed record Comment(string Text) : Node;
