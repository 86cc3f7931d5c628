using SopsNet.Stores.Flat;

namespace SopsNet.Stores.Ini;

/// <summary>
/// Where a key came from: its lines <c>[LineStart, LineNext)</c> (several for a multi-line value), and the
/// span of the value including its quotes, with the text it parsed to.
/// </summary>
internal sealed record IniKeySource(
    LineText Owner, string Key, int LineStart, int LineNext, int ValueStart, int ValueEnd, IniValueStyle Style, string Parsed)
{
    public override string ToString() => $"ini key at {LineStart}";
}
