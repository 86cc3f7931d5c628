using System.Text;

namespace SopsNet.Stores.Flat;

/// <summary>
/// Appends the metadata lines after the data, the same way for dotenv and INI. A file whose last line
/// had no final newline keeps that property: the last metadata line gets none either, and removing the
/// metadata again takes the newline before it, so decrypt(encrypt(x)) == x byte for byte.
/// </summary>
internal static class FlatOutput
{
    public static byte[] Finish(string data, bool unterminated, IReadOnlyList<string> metadataLines, bool blankLineBefore)
    {
        var sb = new StringBuilder(data);
        if (metadataLines.Count == 0)
        {
            if (unterminated && sb.Length > 0 && sb[^1] == '\n')
            {
                sb.Length--;
            }

            return Encoding.UTF8.GetBytes(sb.ToString());
        }

        if (sb.Length > 0 && sb[^1] != '\n')
        {
            sb.Append('\n');
        }

        if (blankLineBefore && sb.Length > 0)
        {
            sb.Append('\n');
        }

        sb.AppendJoin('\n', metadataLines);
        if (!unterminated)
        {
            sb.Append('\n');
        }

        return Encoding.UTF8.GetBytes(sb.ToString());
    }
}
