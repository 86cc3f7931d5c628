using System.Collections.Immutable;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// The store's handle on a parsed file (<see cref="StoreDocument.Source"/>): the text the spans of
/// every node source point into. A class, so that sources compare it by reference.
/// </summary>
internal sealed class YamlFileSource(string text, bool hasBom, string newline)
{
    public string Text { get; } = text;

    public bool HasBom { get; } = hasBom;

    /// <summary>The file's line break (LF, CRLF or CR), so fresh lines match.</summary>
    public string Newline { get; } = newline;

    public ImmutableArray<YamlDocumentSpan> Documents { get; set; } = ImmutableArray<YamlDocumentSpan>.Empty;
}
