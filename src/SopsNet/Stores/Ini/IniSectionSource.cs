using SopsNet.Stores.Flat;

namespace SopsNet.Stores.Ini;

/// <summary>
/// Where a section came from: its header line (<c>HeaderStart</c> is -1 for the implicit DEFAULT section
/// of keys before any header), the span of its name, and the block of lines it covers, from its first
/// comment above the header to its last line.
/// </summary>
internal sealed record IniSectionSource(
    LineText Owner, string Name, int HeaderStart, int HeaderNext, int NameStart, int NameEnd, int BlockStart, int BlockEnd)
{
    public override string ToString() => $"ini section at {BlockStart}";
}
