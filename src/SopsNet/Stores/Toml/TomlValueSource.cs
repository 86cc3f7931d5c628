using SopsNet.Tree;

namespace SopsNet.Stores.Toml;

/// <summary>
/// Where a value token sits in the original (<see cref="Start"/>, <see cref="Length"/> in characters),
/// how it was spelled, and the value as parsed: while a node still holds that value the token is
/// copied verbatim, otherwise the new value is rendered in the same style. <see cref="OpeningBreak"/>
/// ("", "\n" or "\r\n") records the line break TOML trims after an opening <c>"""</c> or <c>'''</c>, so an encrypted
/// multi-line string keeps it and decrypts to the same spelling. Pairs whose value is a scalar carry it
/// too, so a value replaced by a new node (sops set) still lands in the same place.
/// </summary>
internal sealed record TomlValueSource(
    TomlOriginal Original, int Start, int Length, TomlScalarStyle Style, string OpeningBreak, ScalarKind Kind, string Text);
