using SopsNet.Stores.Flat;

namespace SopsNet.Stores.Dotenv;

/// <summary>
/// Where a dotenv item came from: its whole line <c>[LineStart, LineNext)</c> (with the newline) and the
/// span of its value (after the first <c>=</c>) or comment text (after <c>#</c>), with the text it parsed to.
/// </summary>
internal sealed record DotenvSource(LineText Owner, string Key, int LineStart, int LineNext, int TextStart, int TextEnd, string Parsed)
{
    // Records print and compare their members; the owner is compared by identity, never printed.
    public override string ToString() => $"dotenv line at {LineStart}";
}
