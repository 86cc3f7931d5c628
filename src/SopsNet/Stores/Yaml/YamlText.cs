namespace SopsNet.Stores.Yaml;

/// <summary>Line arithmetic on the file text (indexes are UTF-16 positions, as YamlDotNet reports them).</summary>
internal static class YamlText
{
    public static int LineStart(string text, int index)
    {
        var i = Math.Min(index, text.Length);
        while (i > 0 && text[i - 1] != '\n')
        {
            i--;
        }

        return i;
    }

    /// <summary>Index of the line break (or end of text) of the line holding <paramref name="index"/>.</summary>
    public static int LineEnd(string text, int index)
    {
        var i = Math.Max(0, index);
        while (i < text.Length && text[i] != '\n' && text[i] != '\r')
        {
            i++;
        }

        return i;
    }

    /// <summary>Start of the line after the one holding <paramref name="index"/> (end of text if none).</summary>
    public static int AfterLine(string text, int index)
    {
        var i = Math.Max(0, index);
        while (i < text.Length && text[i] != '\n')
        {
            i++;
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
