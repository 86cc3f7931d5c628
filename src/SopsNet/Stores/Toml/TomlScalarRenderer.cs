using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Stores.Toml;

/// <summary>
/// Spells a scalar as a TOML token. Strings keep the style of the token they replace when they can
/// (literal and multi-line forms hold fewer characters than basic strings); other kinds are bare, in the
/// scalar's own text when that is valid TOML and in Go's canonical form otherwise.
/// </summary>
internal static partial class TomlScalarRenderer
{
    public static string Render(Scalar scalar, TomlScalarStyle style, string openingBreak, string path)
    {
        return scalar.Kind switch
        {
            ScalarKind.String => RenderString(scalar.Text, style, openingBreak),
            ScalarKind.Int => DecimalInteger().IsMatch(scalar.Text) ? scalar.Text : Canonical.Text(scalar),
            ScalarKind.Float => RenderFloat(scalar),
            ScalarKind.Bool => GoFormat.TryParseBool(scalar.Text, out var b) ? (b ? "true" : "false") : throw new FormatException("not a boolean"),
            ScalarKind.Time => GoTime.TryParseRfc3339(scalar.Text, out _) ? scalar.Text : throw new FormatException("not an RFC 3339 time"),
            _ => throw new StoreException("toml: a null value cannot be written (toml has no null)", path: path),
        };
    }

    /// <summary>The spelling a fresh file uses: multi-line basic for text with line breaks, basic otherwise.</summary>
    public static string RenderFresh(Scalar scalar, string newline, string path) =>
        Render(scalar, scalar.Kind == ScalarKind.String && scalar.Text.Contains('\n') ? TomlScalarStyle.MultiLineBasic : TomlScalarStyle.Basic, newline, path);

    public static string RenderKey(string key) => BareKey().IsMatch(key) ? key : Basic(key);

    private static string RenderString(string text, TomlScalarStyle style, string openingBreak)
    {
        switch (style)
        {
            case TomlScalarStyle.Literal when !text.Any(c => c == '\'' || (char.IsControl(c) && c != '\t')):
                return "'" + text + "'";
            case TomlScalarStyle.MultiLineLiteral when CanBeMultiLineLiteral(text):
                return "'''" + OpeningBreak(text, openingBreak) + text + "'''";
            case TomlScalarStyle.MultiLineLiteral:
            case TomlScalarStyle.MultiLineBasic:
                return "\"\"\"" + OpeningBreak(text, openingBreak) + MultiLineBasic(text) + "\"\"\"";
            default:
                return Basic(text);
        }
    }

    /// <summary>TOML trims a line break right after the opening quotes, so text that starts with one needs another.</summary>
    private static string OpeningBreak(string text, string openingBreak) =>
        openingBreak.Length == 0 && (text.StartsWith('\n') || text.StartsWith("\r\n", StringComparison.Ordinal)) ? "\n" : openingBreak;

    private static bool CanBeMultiLineLiteral(string text)
    {
        if (text.Contains("'''", StringComparison.Ordinal) || text.EndsWith('\''))
        {
            return false;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsControl(c) && c != '\t' && c != '\n' && !(c == '\r' && i + 1 < text.Length && text[i + 1] == '\n'))
            {
                return false;
            }
        }

        return true;
    }

    public static string Basic(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\t': sb.Append("\\t"); break;
                default: AppendEscaped(sb, c); break;
            }
        }

        return sb.Append('"').ToString();
    }

    private static string MultiLineBasic(string text)
    {
        var sb = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                // A quote next to another (or last, before the closing delimiter) could form """.
                case '"' when i + 1 == text.Length || text[i + 1] == '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\t' or '\n': sb.Append(c); break;
                case '\r' when i + 1 < text.Length && text[i + 1] == '\n': sb.Append(c); break;
                default: AppendEscaped(sb, c); break;
            }
        }

        return sb.ToString();
    }

    private static void AppendEscaped(StringBuilder sb, char c)
    {
        switch (c)
        {
            case '\b': sb.Append("\\b"); break;
            case '\n': sb.Append("\\n"); break;
            case '\f': sb.Append("\\f"); break;
            case '\r': sb.Append("\\r"); break;
            case < ' ' or '\u007F': sb.Append("\\u").Append(((int)c).ToString("X4", CultureInfo.InvariantCulture)); break;
            default: sb.Append(c); break;
        }
    }

    private static string RenderFloat(Scalar scalar)
    {
        if (!GoFormat.TryParseFloat(scalar.Text, out var value))
        {
            throw new FormatException("not a float");
        }

        if (TomlFloat().IsMatch(scalar.Text))
        {
            return scalar.Text;
        }

        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        // Go's shortest form has no exponent; "1" would read back as an integer.
        var text = GoFormat.FormatFloat(value);
        return text.Contains('.') ? text : text + ".0";
    }

    [GeneratedRegex(@"^[+-]?(0|[1-9][0-9]*)$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex(@"^([+-]?(0|[1-9][0-9]*)(\.[0-9]+([eE][+-]?[0-9]+)?|[eE][+-]?[0-9]+)|[+-]?inf|nan)$")]
    private static partial Regex TomlFloat();

    [GeneratedRegex(@"^[A-Za-z0-9_-]+$")]
    private static partial Regex BareKey();
}
