namespace SopsNet.Stores.Yaml;

/// <summary>
/// The character-level reading of <see cref="YamlFastBuilder"/>: which text it takes on at all, keys,
/// and one-line scalars. Each answers "not in the subset" (null or -1) rather than reporting an error,
/// which is YamlDotNet's to report.
/// </summary>
internal static class YamlFastScalars
{
    /// <summary>YamlDotNet refuses an implicit key longer than 1024 characters; stay well below.</summary>
    private const int MaxKeyLength = 1000;

    /// <summary>
    /// LF breaks and printable characters only: no tabs, CRs, other controls, BOMs, surrogates or the
    /// characters YAML 1.1 reads as line breaks (NEL, LS, PS), whose handling is YamlDotNet's business.
    /// </summary>
    public static bool HasOnlySimpleCharacters(string text)
    {
        var span = text.AsSpan();
        for (var i = span.IndexOfAnyExceptInRange(' ', '~'); i >= 0; i = Next(span, i))
        {
            var c = span[i];
            if (c != '\n' && (c < '\u00A0' || c is '\u2028' or '\u2029' or '\uFEFF' or >= '\uFFFE' || char.IsSurrogate(c)))
            {
                return false;
            }
        }

        return true;

        static int Next(ReadOnlySpan<char> span, int i)
        {
            var k = span[(i + 1)..].IndexOfAnyExceptInRange(' ', '~');
            return k < 0 ? -1 : i + 1 + k;
        }
    }

    /// <summary>A one-line plain, single- or double-quoted scalar (double-quoted without escapes); null when it is not one.</summary>
    public static YamlScalarToken? Inline(string text, int at, bool inFlow, int line, int lineStart)
    {
        var c = text[at];
        var column = at - lineStart + 1;
        if (c == '"')
        {
            var close = text.AsSpan(at + 1).IndexOfAny('"', '\\', '\n');
            if (close < 0 || text[at + 1 + close] != '"')
            {
                return null; // escapes and multi-line strings are YamlDotNet's
            }

            return new YamlScalarToken(at, at + close + 2, YamlScalarStyle.DoubleQuoted, text.Substring(at + 1, close), line, column);
        }

        if (c == '\'')
        {
            var i = at + 1;
            var doubled = false;
            while (true)
            {
                var k = text.AsSpan(i).IndexOfAny('\'', '\n');
                if (k < 0 || text[i + k] == '\n')
                {
                    return null;
                }

                i += k + 1;
                if (i < text.Length && text[i] == '\'')
                {
                    doubled = true;
                    i++;
                    continue;
                }

                break;
            }

            var value = text[(at + 1)..(i - 1)];
            return new YamlScalarToken(at, i, YamlScalarStyle.SingleQuoted, doubled ? value.Replace("''", "'", StringComparison.Ordinal) : value, line, column);
        }

        // Plain: not starting with an indicator (a '-' followed by a character other than '-' or a blank
        // is a negative number or a word), ending before " #" or the line end (in a flow, before ',' or ']').
        if (IsIndicator(c) && !(c == '-' && at + 1 < text.Length && text[at + 1] is not (' ' or '\n' or '-')))
        {
            return null;
        }

        var end = at;
        while (end < text.Length)
        {
            var ch = text[end];
            if (ch == '\n' || (ch == '#' && text[end - 1] == ' '))
            {
                break;
            }

            if (ch == ':' && (end + 1 >= text.Length || text[end + 1] is ' ' or '\n'))
            {
                return null; // a mapping where a scalar should be: an error YamlDotNet reports
            }

            if (inFlow && ch is ',' or ']')
            {
                break;
            }

            if (inFlow && ch is '[' or '{' or '}' or ':' or '#')
            {
                return null;
            }

            end++;
        }

        while (end > at && text[end - 1] == ' ')
        {
            end--;
        }

        if (end == at)
        {
            return null;
        }

        return new YamlScalarToken(at, end, YamlScalarStyle.Plain, text[at..end], line, column);
    }

    /// <summary>The colon ending a plain implicit key at <paramref name="at"/> on this line, or -1 when none is there.</summary>
    public static int KeyColon(string text, int at)
    {
        if (at >= text.Length || IsIndicator(text[at]))
        {
            return -1;
        }

        for (var i = at; i < text.Length && i - at <= MaxKeyLength; i++)
        {
            var c = text[i];
            if (c == '\n' || (c == '#' && text[i - 1] == ' '))
            {
                return -1;
            }

            if (c == ':' && (i + 1 >= text.Length || text[i + 1] is ' ' or '\n'))
            {
                return text[i - 1] == ' ' ? -1 : i;
            }
        }

        return -1;
    }

    /// <summary>YAML's indicator characters: a plain scalar or key cannot start with one.</summary>
    public static bool IsIndicator(char c) => c is '-' or '?' or ':' or ',' or '[' or ']' or '{' or '}' or '#' or '&' or '*' or '!' or '|' or '>' or '\'' or '"' or '%' or '@' or '`' or ' ';
}
