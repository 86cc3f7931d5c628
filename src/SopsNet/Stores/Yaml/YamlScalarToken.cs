namespace SopsNet.Stores.Yaml;

/// <summary>
/// A scalar as the scanner saw it: [<see cref="Start"/>, <see cref="End"/>) covers any anchor and tag
/// and, for block scalars, the body up to the next token; <see cref="Line"/> and <see cref="Column"/> are 1-based.
/// </summary>
internal readonly record struct YamlScalarToken(int Start, int End, YamlScalarStyle Style, string Value, int Line, int Column)
{
    /// <summary>YamlDotNet's full tag, null when untagged.</summary>
    public string? Tag { get; init; }

    /// <summary>True when an anchor or a tag precedes the value.</summary>
    public bool HasProperties { get; init; }
}
