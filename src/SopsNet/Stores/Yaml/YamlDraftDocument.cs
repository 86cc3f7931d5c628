namespace SopsNet.Stores.Yaml;

/// <summary>One document while building: its root mapping, tokens, collections and text range.</summary>
internal sealed class YamlDraftDocument
{
    public YamlDraftCollection Root { get; set; } = null!;

    /// <summary>Start of the document (0 for the first one, else its <c>---</c>).</summary>
    public int Start { get; init; }

    /// <summary>Index after the <c>---</c> line of an explicit document start, else <see cref="Start"/>.</summary>
    public int ContentStart { get; init; }

    /// <summary>Position of an explicit <c>...</c> end marker, -1 when none.</summary>
    public int EndMarker { get; set; } = -1;

    public List<YamlDraftToken> Tokens { get; } = [];

    public List<YamlDraftCollection> Collections { get; } = [];

    public List<(int Start, int End, bool Inline, int Column)> Comments { get; } = [];
}
