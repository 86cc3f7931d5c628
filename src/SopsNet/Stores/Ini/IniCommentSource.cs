using SopsNet.Stores.Flat;

namespace SopsNet.Stores.Ini;

/// <summary>
/// Where a comment came from: the span to delete when it is removed (its whole line, or from the marker
/// to the end for an inline comment) and the span of its text, after the marker run that sops strips.
/// </summary>
internal sealed record IniCommentSource(LineText Owner, int DeleteStart, int DeleteEnd, int TextStart, int TextEnd, string Parsed)
{
    public override string ToString() => $"ini comment at {TextStart}";
}
