using SopsNet.Tree;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// An item of a draft collection: a pair (<see cref="Key"/> set), a sequence element, or a comment.
/// Items are ordered by (<see cref="SortPos"/>, <see cref="SortRank"/>, <see cref="SortTie"/>): an
/// inline comment takes its item's position with a lower rank so it lands just before it.
/// </summary>
internal sealed class YamlDraftItem
{
    public int SortPos { get; set; }

    public int SortRank { get; set; } = 1;

    public int SortTie { get; set; }

    /// <summary>Start of the item (key, <c>?</c> of an explicit key, dash, or comment marker).</summary>
    public int Start { get; set; }

    public bool StartsLine { get; set; }

    public string? Key { get; init; }

    public int KeyStart { get; init; }

    public int KeyEnd { get; init; }

    /// <summary>Just after the <c>:</c> of a pair; -1 for an explicit key without one (<c>? key</c> alone).</summary>

    public int ColonEnd { get; init; }

    public int KeyColumn { get; init; }

    public YamlDraftNode? Value { get; set; }

    public Comment? Comment { get; init; }

    public int CommentEnd { get; init; }
}
