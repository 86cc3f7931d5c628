using System.Collections.Immutable;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// One document of a parsed stream: where a fresh <c>sops</c> block goes (<see cref="InsertAt"/>, the
/// start of the line after the last data line; <see cref="NeedsNewline"/> when that line has no line
/// break yet), the spans of the original <c>sops</c> entries to cut out, and the column of the root
/// mapping's keys.
/// </summary>
internal sealed record YamlDocumentSpan(
    int InsertAt,
    bool NeedsNewline,
    int RootColumn,
    bool RootIsFlow,
    ImmutableArray<(int Start, int End)> SopsSpans);
