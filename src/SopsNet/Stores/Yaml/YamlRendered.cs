using System.Collections.Immutable;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// A rendered scalar: an inline <see cref="Token"/>, or for block styles a <see cref="Header"/>
/// (<c>|-</c>, <c>&gt;+2</c>...) and the content <see cref="Lines"/> (unindented; empty lines empty).
/// </summary>
internal sealed record YamlRendered(YamlScalarStyle Style, string Token, string Header, ImmutableArray<string> Lines)
{
    public bool IsBlock => Style is YamlScalarStyle.Literal or YamlScalarStyle.Folded;

    public static YamlRendered Inline(YamlScalarStyle style, string token) => new(style, token, "", ImmutableArray<string>.Empty);

    public static YamlRendered Block(YamlScalarStyle style, string header, IEnumerable<string> lines) =>
        new(style, "", header, [.. lines]);

    /// <summary>The body as text: each line indented (empty lines stay empty), separated by <paramref name="newline"/>.</summary>
    public string Body(int indent, string newline) =>
        string.Join(newline, Lines.Select(l => l.Length == 0 ? "" : new string(' ', indent) + l));
}
