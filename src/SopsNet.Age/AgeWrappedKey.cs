namespace SopsNet.Age;

/// <summary>
/// A file key wrapped for one recipient. <paramref name="Labels"/> follow age 1.3: every recipient of a
/// file must have the same label set, so a <c>postquantum</c> recipient is never mixed with a classic one
/// (which would defeat it).
/// </summary>
public sealed record AgeWrappedKey(IReadOnlyList<AgeStanza> Stanzas, IReadOnlyList<string> Labels)
{
    public static AgeWrappedKey Of(AgeStanza stanza) => new([stanza], []);
}
