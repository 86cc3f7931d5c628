namespace SopsNet.Stores.Json;

/// <summary>
/// The bytes a document was parsed from, shared by every node's source handle so the writer can tell
/// whether a handle belongs to the original it was given. A class, not a record: equality is identity
/// and printing a node must not dump the whole file.
/// </summary>
internal sealed class JsonOriginal(byte[] bytes)
{
    private int[]? lineStarts;

    public byte[] Bytes { get; } = bytes;

    /// <summary>1-based line and column (in characters, not bytes) of a byte offset.</summary>
    public (int Line, int Column) Position(int offset)
    {
        lineStarts ??= FindLineStarts(Bytes);
        var index = Array.BinarySearch(lineStarts, offset);
        var line = index >= 0 ? index : ~index - 1;
        var column = 1;
        for (var i = lineStarts[line]; i < offset && i < Bytes.Length; i++)
        {
            // Count UTF-8 lead bytes only, so a column counts characters; a BOM is not a character.
            if ((Bytes[i] & 0xC0) != 0x80 && !(i == 0 && HasBom(Bytes)))
            {
                column++;
            }
        }

        return (line + 1, column);
    }

    public static bool HasBom(byte[] bytes) =>
        bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF;

    private static int[] FindLineStarts(byte[] bytes)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return [.. starts];
    }
}
