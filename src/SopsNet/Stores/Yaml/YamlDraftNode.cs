namespace SopsNet.Stores.Yaml;

/// <summary>
/// A node while the tree is being built: mutable, so comments can be placed into collections after
/// the structure is known. Positions are character indexes into the file text.
/// </summary>
internal abstract class YamlDraftNode
{
    public int Start { get; init; }

    /// <summary>End of the node's last content character (block scalars: end of the last text line).</summary>
    public int End { get; set; }

    public int Line { get; init; }

    public int Column { get; init; }

    public string Path { get; init; } = "";

    /// <summary>How many collections nest in the node once its aliases are expanded (0 for a scalar).</summary>
    public int Height { get; set; }
}
