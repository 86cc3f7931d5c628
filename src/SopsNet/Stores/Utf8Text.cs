using System.Text;

namespace SopsNet.Stores;

/// <summary>
/// Strict UTF-8 decoding for the text stores: invalid bytes are refused, never replaced (a replaced byte
/// would silently change a secret), with the line, column and byte offset of the first one so the user
/// can find it.
/// </summary>
internal static class Utf8Text
{
    private static readonly UTF8Encoding Strict = new(false, true);

    /// <summary>Decodes <paramref name="content"/> from <paramref name="start"/> (after a BOM) to its end.</summary>
    public static string Decode(byte[] content, int start, string format) => Decode(content, start, content.Length, format);

    /// <summary>Decodes the bytes [<paramref name="start"/>, <paramref name="end"/>) of <paramref name="content"/>.</summary>
    public static string Decode(byte[] content, int start, int end, string format)
    {
        try
        {
            return Strict.GetString(content, start, end - start);
        }
        catch (DecoderFallbackException e)
        {
            var offset = start + e.Index;
            var before = content.AsSpan(start, offset - start);
            var line = 1 + before.Count((byte)'\n');
            var lineStart = start + before.LastIndexOf((byte)'\n') + 1;

            // Everything before the bad byte decoded, so its characters can be counted for the column.
            var column = 1 + Strict.GetCharCount(content, lineStart, offset - lineStart);
            throw new StoreException($"{format}: the file is not valid utf-8 (at byte offset {offset})", line, column);
        }
    }
}
