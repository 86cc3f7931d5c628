namespace SopsNet.Stores.Yaml;

/// <summary>A mapping or sequence being built, with what comment placement needs.</summary>
internal sealed class YamlDraftCollection : YamlDraftNode
{
    public bool IsMapping { get; init; }

    public bool Flow { get; init; }

    /// <summary>Column (0-based) of the keys or dashes; for flow collections the opening bracket.</summary>
    public int ItemColumn { get; init; }

    public int Depth { get; init; }

    public YamlDraftCollection? Parent { get; init; }

    /// <summary>Flow collections: index after the closing bracket.</summary>
    public int FlowEnd { get; set; }

    public List<YamlDraftItem> Items { get; } = [];
}
