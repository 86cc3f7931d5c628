namespace SopsNet.Stores.Yaml;

/// <summary>
/// Line arithmetic on the file text (indexes are UTF-16 positions, as YamlDotNet reports them). A line
/// break is LF, CRLF or a lone CR, as YAML (and YamlDotNet) reads them: a file with CR-only line endings
/// must be cut into the same lines the parser saw, or a value's text lands outside its token.
/// </summary>
internal static class YamlText
{
    public static bool IsBreak(char c) => c is '\n' or '\r';

    /// <summary>The line break a file uses: its first one (LF when it has none).</summary>
    public static string NewlineOf(string text)
    {
        var i = text.AsSpan().IndexOfAny('\n', '\r');
        return i < 0 || text[i] == '\n' ? "\n" : i + 1 < text.Length && text[i + 1] == '\n' ? "\r\n" : "\r";
    }

    /// <summary>True when the text before <paramref name="index"/> ends with a line break.</summary>
    public static bool AfterBreak(string text, int index) => index > 0 && IsBreak(text[index - 1]);

    public static int LineStart(string text, int index)
    {
        var i = Math.Min(index, text.Length);
        while (i > 0 && !IsBreak(text[i - 1]))
        {
            i--;
        }

        return i;
    }

    /// <summary>Index of the line break (or end of text) of the line holding <paramref name="index"/>.</summary>
    public static int LineEnd(string text, int index)
    {
        var i = Math.Max(0, index);
        while (i < text.Length && !IsBreak(text[i]))
        {
            i++;
        }

        return i;
    }

    /// <summary>Start of the line after the one holding <paramref name="index"/> (end of text if none).</summary>
    public static int AfterLine(string text, int index)
    {
        var i = LineEnd(text, index);
        if (i < text.Length && text[i] == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
        {
            return i + 2;
        }

        return i < text.Length ? i + 1 : i;
    }

    /// <summary>True when only blanks precede <paramref name="index"/> on its line.</summary>
    public static bool StartsLine(string text, int index)
    {
        for (var i = LineStart(text, index); i < index; i++)
        {
            if (text[i] != ' ' && text[i] != '\t')
            {
                return false;
            }
        }

        return true;
    }

    public static int Column(string text, int index) => index - LineStart(text, index);

    /// <summary>The tree path of a mapping entry, <c>path["key"]</c>, built in one allocation (one per key of the file).</summary>
    public static string ChildPath(string path, string key) => string.Concat(path, "[\"", Escape(key), "\"]");

    private static string Escape(string key) =>
        key.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal);
}
