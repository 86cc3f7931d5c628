using System.Text;
using SopsNet.Selection;

namespace SopsNet.Tests.Properties;

/// <summary>
/// One generated file to encrypt: the store's format, the source bytes and the selection settings. The
/// content is printed escaped (CsCheck prints the case on failure), so CR, CRLF and a missing final
/// newline are visible in a test report and can be pasted into a regression test.
/// </summary>
public sealed record RoundTripCase(string Format, byte[] Content, SelectionRule Rule, bool MacOnlyEncrypted)
{
    public RoundTripCase(string format, string text, SelectionRule rule, bool macOnlyEncrypted)
        : this(format, Encoding.UTF8.GetBytes(text), rule, macOnlyEncrypted)
    {
    }

    public override string ToString()
    {
        var sb = new StringBuilder().Append(Format).Append(", ").Append(Rule.MetadataKey).Append('=').Append(Rule.Value);
        if (MacOnlyEncrypted)
        {
            sb.Append(", mac_only_encrypted");
        }

        return sb.Append(", content \"").Append(Escape(Content)).Append('"').ToString();
    }

    /// <summary>UTF-8 text escaped; bytes that are not UTF-8 as \\xNN.</summary>
    public static string Escape(byte[] content)
    {
        try
        {
            return Escape(Strict.GetString(content));
        }
        catch (DecoderFallbackException)
        {
            return string.Concat(content.Select(b => b is >= 0x20 and < 0x7f and not (byte)'\\' and not (byte)'"' ? ((char)b).ToString() : $"\\x{b:x2}"));
        }
    }

    private static readonly UTF8Encoding Strict = new(false, true);

    /// <summary>C#-style escapes for control characters, so the text can be pasted into a regression test.</summary>
    public static string Escape(string text)
    {
        var sb = new StringBuilder();
        foreach (var c in text)
        {
            sb.Append(c switch
            {
                '\n' => "\\n",
                '\r' => "\\r",
                '\t' => "\\t",
                '"' => "\\\"",
                '\\' => "\\\\",
                < ' ' => $"\\u{(int)c:x4}",
                _ => c.ToString(),
            });
        }

        return sb.ToString();
    }
}
