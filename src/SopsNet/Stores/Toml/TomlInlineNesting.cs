namespace SopsNet.Stores.Toml;

/// <summary>
/// Finds where inline arrays and tables nest too deeply. Tomlyn refuses them itself but with an exception
/// that has no position, so this scan runs only then, to name the line and column: it counts brackets
/// and braces outside strings and comments, the only places where TOML nests inline.
/// </summary>
internal static class TomlInlineNesting
{
    /// <summary>The offset of the first '[' or '{' that opens inline level <paramref name="level"/>, or -1.</summary>
    public static int Find(string text, int level)
    {
        var depth = 0;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c is '[' or '{' && ++depth >= level)
            {
                return i;
            }

            i = c switch
            {
                ']' or '}' => Close(ref depth, i),
                '#' => LineEnd(text, i),
                '"' when At(text, i, "\"\"\"") => StringEnd(text, i + 3, "\"\"\"", escapes: true),
                '\'' when At(text, i, "'''") => StringEnd(text, i + 3, "'''", escapes: false),
                '"' => StringEnd(text, i + 1, "\"", escapes: true),
                '\'' => StringEnd(text, i + 1, "'", escapes: false),
                _ => i + 1,
            };
        }

        return -1;
    }

    private static int Close(ref int depth, int i)
    {
        depth = Math.Max(0, depth - 1);
        return i + 1;
    }

    private static bool At(string text, int i, string token) => string.CompareOrdinal(text, i, token, 0, token.Length) == 0;

    private static int LineEnd(string text, int i)
    {
        var end = text.IndexOf('\n', i);
        return end < 0 ? text.Length : end;
    }

    /// <summary>Just after the closing <paramref name="quote"/>; a one-line string also ends at its line's end.</summary>
    private static int StringEnd(string text, int i, string quote, bool escapes)
    {
        while (i < text.Length)
        {
            if (escapes && text[i] == '\\')
            {
                i += 2;
            }
            else if (At(text, i, quote))
            {
                return i + quote.Length;
            }
            else if (quote.Length == 1 && text[i] == '\n')
            {
                return i;
            }
            else
            {
                i++;
            }
        }

        return text.Length;
    }
}
