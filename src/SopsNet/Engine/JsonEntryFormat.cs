using SopsNet.Stores;
using SopsNet.Stores.Json;
using SopsNet.Tree;

namespace SopsNet.Engine;

/// <summary>
/// A JSON file's entries: the members of its top-level object, found with <see cref="JsonTopLevelMembers"/>'
/// steps. A member's piece runs from the end of the one before (the opening brace and what precedes it for
/// the first, the comma for the others) to the end of its value; it is parsed alone as <c>{</c>, its text
/// from just after that brace or comma, and <c>}</c>, and written back the same way, the braces stripped. The
/// closing text after the last member is the file's own: the whole-file writer puts the sops member right
/// after the last value, before it, so the last member written with the sops member is the whole file's end.
/// </summary>
internal sealed class JsonEntryFormat(JsonStore store) : IEntryFormat
{
    public bool KeysAreUnique => false;

    public List<(int Start, int Lead, int End, bool IsSops)>? Split(ReadOnlySpan<byte> text, bool atEnd, ref int next)
    {
        var entries = new List<(int Start, int Lead, int End, bool IsSops)>();
        if (next < 0)
        {
            switch (JsonTopLevelMembers.ScanOpening(text, out next))
            {
                case JsonScan.MemberFollows:
                    break;
                case JsonScan.NeedsMore when !atEnd:
                    return entries;
                default:
                    return null;
            }
        }

        var start = 0;
        while (true)
        {
            var scan = JsonTopLevelMembers.ScanMember(text, next, out var member, out var after);
            // Until the end, the last member waits: blanks or more may follow its closing brace.
            if (!atEnd && scan is JsonScan.NeedsMore or JsonScan.ObjectEnds)
            {
                next -= start;
                return entries;
            }

            if (scan is JsonScan.NeedsMore or JsonScan.Invalid)
            {
                return null;
            }

            entries.Add((start, member.Lead, member.End, text[member.Key..].StartsWith("\"sops\""u8)));
            start = member.End;
            next = after;
            if (scan == JsonScan.ObjectEnds)
            {
                return JsonTopLevelMembers.SkipBlanks(text, next) == text.Length ? entries : null;
            }
        }
    }

    /// <summary>
    /// The sops member is laid out after the last member as the first member's leading blanks say (see
    /// <see cref="JsonSpliceWriter"/>), and a warning's column on the lead's line would count from the added
    /// brace: so every member must have the first one's lead, a line break in it.
    /// </summary>
    public bool WritesAsWhole(ReadOnlySpan<byte> content, List<(int Start, int Lead, int End, bool IsSops)> entries)
    {
        var first = LeadOf(content, entries[0]);
        if (!first.Contains((byte)'\n'))
        {
            return false;
        }

        foreach (var entry in entries)
        {
            if (!LeadOf(content, entry).SequenceEqual(first))
            {
                return false;
            }
        }

        return true;
    }

    public StoreDocument Parse(byte[] text, int lead, int end) => store.Parse([(byte)'{', .. text.AsSpan(lead, end - lead), (byte)'}']);

    public byte[]? Write(Mapping entry, StoreDocument parsed, Mapping? metadata) =>
        store.TryWriteSpliced(entry, parsed, metadata) is [(byte)'{', .., (byte)'}'] written ? written[1..^1] : null;

    private static ReadOnlySpan<byte> LeadOf(ReadOnlySpan<byte> content, (int Start, int Lead, int End, bool IsSops) entry)
    {
        var key = JsonTopLevelMembers.SkipBlanks(content, entry.Lead);
        return content[entry.Lead..key];
    }
}
