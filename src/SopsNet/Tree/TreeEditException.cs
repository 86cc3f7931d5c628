namespace SopsNet.Tree;

/// <summary>A set/unset path that does not fit the tree; the message names the path, never a value.</summary>
public sealed class TreeEditException(string message) : SopsException(SopsError.InvalidSetFormat, message);
