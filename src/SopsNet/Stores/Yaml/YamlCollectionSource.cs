using System.Collections.Immutable;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// Where a mapping or sequence came from: block or flow, the column of its items, its original items
/// in order (to detect added and removed items) and, for flow collections, the span from the opening
/// to after the closing bracket.
/// </summary>
internal sealed record YamlCollectionSource(YamlFileSource File, bool IsMapping, bool Flow, int Start, int End, int ItemColumn, ImmutableArray<YamlItemSpan> Items)
{
    public string Path { get; init; } = "";

    /// <summary>Where items appended to a block collection go: the start of the line after its last item.</summary>
    public int AppendAt { get; init; }

    public bool AppendNeedsNewline { get; init; }
}
