namespace SopsNet.Stores.Toml;

/// <summary>
/// The text a document was parsed from (without a BOM), shared by every node's source handle so the
/// writer can tell whether a handle belongs to the original it was given. A class, not a record:
/// equality is identity, and printing a node must not dump the whole file.
/// </summary>
internal sealed class TomlOriginal(string text, bool bom, string newline)
{
    public string Text { get; } = text;

    public bool Bom { get; } = bom;

    /// <summary>The file's line ending, used for what the writer adds (the <c>[sops]</c> table).</summary>
    public string Newline { get; } = newline;

    /// <summary>
    /// Where the data ends: the start of the <c>[sops]</c> table, less the one line break the writer put
    /// before it (the text's length when there is no metadata).
    /// </summary>
    public int DataEnd { get; set; }

    /// <summary>How many nodes of the data tree carry a source of this original (to notice removed nodes).</summary>
    public int SourcedNodes { get; set; }
}
