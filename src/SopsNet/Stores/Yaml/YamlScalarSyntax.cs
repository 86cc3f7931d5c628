using System.Buffers;
using System.Globalization;
using System.Text;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// What a string may look like in each YAML style, and the spellings themselves (quoting, escaping,
/// block lines, the YAML form of non-string values).
/// </summary>
internal static class YamlScalarSyntax
{
    private const string Indicators = "#,[]{}&*!|>'\"%@`";

    // Speed: static sets instead of a new char[] per call, as these checks run for every value.
    private static readonly SearchValues<char> LineBreaks = SearchValues.Create("\n\r\u0085\u2028\u2029");

    private static readonly SearchValues<char> FlowIndicators = SearchValues.Create(",[]{}:?");

    /// <summary>Characters <see cref="DoubleQuote"/> copies as they are: printable ASCII except the quote and backslash.</summary>
    private static readonly SearchValues<char> PlainDoubleQuoted =
        SearchValues.Create(" !#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[]^_`abcdefghijklmnopqrstuvwxyz{|}~");

    /// <summary>A string that can be written plain and still reads back as this string.</summary>
    public static bool CanBePlain(string v, bool inFlow, bool tagged)
    {
        if (v.Length == 0 || !IsSingleLine(v) || !AllPrintable(v, allowTab: false))
        {
            return false;
        }

        // go-yaml's emitter rules: '-' starts a plain scalar unless a blank follows; '?' and ':' only in
        // block context and not before a blank.
        var followedByBlank = v.Length == 1 || v[1] == ' ';
        if (Indicators.Contains(v[0]) || (v[0] == '-' && followedByBlank) ||
            (v[0] is '?' or ':' && (inFlow || followedByBlank)))
        {
            return false;
        }

        if (char.IsWhiteSpace(v[0]) || char.IsWhiteSpace(v[^1]) ||
            v.StartsWith("---", StringComparison.Ordinal) || v.StartsWith("...", StringComparison.Ordinal) || v.EndsWith(':') ||
            v.Contains(": ", StringComparison.Ordinal) || v.Contains(" #", StringComparison.Ordinal))
        {
            return false;
        }

        if (inFlow && v.AsSpan().ContainsAny(FlowIndicators))
        {
            return false;
        }

        if (tagged)
        {
            return true;
        }

        try
        {
            return GoYamlResolver.ResolvePlain(v).Kind == ScalarKind.String;
        }
        catch (StoreException)
        {
            return false;
        }
    }

    public static bool CanBeSingleQuoted(string v) => IsSingleLine(v) && AllPrintable(v, allowTab: true);

    /// <summary>
    /// A literal block can carry the string: block context, printable, no CR or other line breaks than
    /// LF, and a first text line not starting with a space (which would need an indentation indicator).
    /// </summary>
    public static bool CanBeLiteral(string v, bool inFlow, bool hasIndentIndicator = false)
    {
        if (inFlow || v.Any(c => c != '\n' && c != '\t' && !IsPrintable(c)) || v.Contains('\r'))
        {
            return false;
        }

        var firstText = v.TrimStart('\n');
        return firstText.Length == 0 ? v.Length == 0 : firstText[0] != ' ' || hasIndentIndicator;
    }

    public static bool IsSingleLine(string v) => !v.AsSpan().ContainsAny(LineBreaks);

    /// <summary>A plain loop rather than LINQ: this runs for every value written.</summary>
    private static bool AllPrintable(string v, bool allowTab)
    {
        foreach (var c in v)
        {
            if (!IsPrintable(c) && !(allowTab && c == '\t'))
            {
                return false;
            }
        }

        return true;
    }

    public static bool IsPrintable(char c) =>
        c is >= ' ' and <= '~' or '\u0085' || (c >= '\u00A0' && c <= '\uFFFD' && c != '\uFEFF' && c != '\u2028' && c != '\u2029');

    public static string SingleQuote(string v) => "'" + v.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>True when <paramref name="token"/> is exactly <see cref="DoubleQuote"/> of a value that needs no escapes.</summary>
    public static bool IsDoubleQuoteOf(ReadOnlySpan<char> token, string v) =>
        token.Length == v.Length + 2 && token[0] == '"' && token[^1] == '"' && token[1..^1].SequenceEqual(v) &&
        !v.AsSpan().ContainsAnyExcept(PlainDoubleQuoted);

    public static string DoubleQuote(string v)
    {
        // Speed: envelopes and most strings need no escape, and this runs for every double-quoted
        // value on parse (round-trip check) and write; one concatenation instead of a char-by-char build.
        if (!v.AsSpan().ContainsAnyExcept(PlainDoubleQuoted))
        {
            return string.Concat("\"", v, "\"");
        }

        var sb = new StringBuilder(v.Length + 8).Append('"');
        foreach (var c in v)
        {
            var escape = c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                '\0' => "\\0",
                '\a' => "\\a",
                '\b' => "\\b",
                '\t' => "\\t",
                '\n' => "\\n",
                '\v' => "\\v",
                '\f' => "\\f",
                '\r' => "\\r",
                '\u001B' => "\\e",
                '\u0085' => "\\N",
                '\u2028' => "\\L",
                '\u2029' => "\\P",
                < ' ' or '\u007F' or (>= '\u0080' and <= '\u009F') => "\\x" + ((int)c).ToString("X2", CultureInfo.InvariantCulture),
                '\uFEFF' or '\uFFFE' or '\uFFFF' => "\\u" + ((int)c).ToString("X4", CultureInfo.InvariantCulture),
                _ => null,
            };
            if (escape is null)
            {
                sb.Append(c);
            }
            else
            {
                sb.Append(escape);
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>
    /// The lines of a literal block for <paramref name="v"/> and its chomping indicator: strip when there
    /// is no final line break, clip for one, keep (with the extra breaks as empty lines) for more.
    /// </summary>
    public static (string Chomp, List<string> Lines) LiteralLines(string v)
    {
        var content = v.TrimEnd('\n');
        var trailing = v.Length - content.Length;
        if (content.Length == 0)
        {
            // Nothing but line breaks: under "keep" each one is an empty line.
            return (trailing == 0 ? "-" : "+", [.. Enumerable.Repeat("", trailing)]);
        }

        var lines = content.Split('\n').ToList();
        for (var i = 1; i < trailing; i++)
        {
            lines.Add("");
        }

        return (trailing switch { 0 => "-", 1 => "", _ => "+" }, lines);
    }

    /// <summary>
    /// The YAML spelling of a non-string value from its payload: sops writes bools as True/False and
    /// floats in Go form (+Inf, NaN, 1234568000); YAML wants true, .inf, .nan, and a float that would
    /// read back as an int gets a ".0" so its type survives another round.
    /// </summary>
    public static string NonString(Scalar value)
    {
        switch (value.Kind)
        {
            case ScalarKind.Null:
                return "null";
            case ScalarKind.Bool:
                return value.Text switch { "True" => "true", "False" => "false", _ => value.Text };
            case ScalarKind.Float:
                if (GoFormat.TryParseFloat(value.Text, out var f))
                {
                    if (double.IsNaN(f))
                    {
                        return ".nan";
                    }

                    if (double.IsInfinity(f))
                    {
                        return f > 0 ? ".inf" : "-.inf";
                    }
                }

                if (Resolves(value.Text) == ScalarKind.Float)
                {
                    return value.Text;
                }

                var text = GoFormat.TryParseFloat(value.Text, out var g) ? GoFormat.FormatFloat(g) : value.Text;
                return Resolves(text + ".0") == ScalarKind.Float ? text + ".0" : text;
            default:
                return value.Text;
        }
    }

    private static ScalarKind Resolves(string text)
    {
        try
        {
            return GoYamlResolver.ResolvePlain(text).Kind;
        }
        catch (StoreException)
        {
            return ScalarKind.String;
        }
    }
}
