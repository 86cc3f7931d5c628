using System.Text;
using SopsNet.Stores.Flat;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Stores.Ini;

/// <summary>
/// Spells keys, values, comments and whole sections as go-ini writes them for sops (docs/format.md §7.4): keys
/// aligned so that <c> = </c> lines up within a section, values wrapped in <c>"""</c> when they hold a
/// newline or backtick, in backticks when they hold <c>#</c> or <c>;</c>, in double quotes when they have
/// surrounding spaces; comments as <c>; text</c> above the key or section they belong to; a blank line
/// between sections and none after the last (go-ini 1.67's PrettySection). Values that are not strings
/// are spelled as sops's <c>stores.ValToString</c> spells them.
/// </summary>
internal static class IniRenderer
{
    /// <summary>A value in the given style when it reads back the same that way, else as go-ini would write it.</summary>
    public static string Value(string value, IniValueStyle style, string path)
    {
        var kept = style switch
        {
            IniValueStyle.Plain => IsPlainSafe(value) ? value : null,
            IniValueStyle.DoubleQuoted => QuotedSafe(value, '"') ? "\"" + value + "\"" : null,
            IniValueStyle.SingleQuoted => QuotedSafe(value, '\'') ? "'" + value + "'" : null,
            IniValueStyle.Backtick => value.Contains('`') ? null : "`" + value + "`",
            IniValueStyle.TripleQuoted => value.Contains("\"\"\"", StringComparison.Ordinal) ? null : "\"\"\"" + value + "\"\"\"",
            _ => null,
        };
        return kept ?? GoIniValue(value, path);
    }

    /// <summary>
    /// go-ini's choice of quotes, made safe: go-ini would write <c>"x"</c> bare (and read it back as
    /// <c>x</c>) or a value ending in a backslash bare (and join it with the next line); those get quotes.
    /// </summary>
    public static string GoIniValue(string value, string path)
    {
        if (value.Contains('\n') || value.Contains('`'))
        {
            return !value.Contains("\"\"\"", StringComparison.Ordinal)
                ? "\"\"\"" + value + "\"\"\""
                : throw new StoreException("ini: a value holding both a backtick and three double quotes cannot be written", path: path);
        }

        if (value.Contains('#') || value.Contains(';'))
        {
            return "`" + value + "`";
        }

        if (IsPlainSafe(value))
        {
            return value;
        }

        return QuotedSafe(value, '"') ? "\"" + value + "\"" : "`" + value + "`";
    }

    private static bool IsPlainSafe(string v) =>
        v.Length == 0 || (v.Trim() == v && v.IndexOfAny(['#', ';', '\n']) < 0 && v[^1] != '\\' && v[0] != '`'
            && !v.StartsWith("\"\"\"", StringComparison.Ordinal)
            && !IniParser.SurroundedBy(v, '"') && !IniParser.SurroundedBy(v, '\''));

    private static bool QuotedSafe(string v, char quote) => v.IndexOfAny([quote, '#', ';', '\n']) < 0;

    /// <summary>go-ini quotes a key holding a quote or a delimiter in backticks, one holding a backtick in <c>"""</c>.</summary>
    public static string Key(string key, string path)
    {
        if (key.Length == 0 || key.Trim() != key || key.Contains('\n') || key == "-")
        {
            throw new StoreException("ini: a key cannot be empty, '-', have surrounding spaces or hold a newline", path: path);
        }

        if (key.Contains('"') || key.Contains('=') || key.Contains(':') || key[0] is '#' or ';' or '[')
        {
            return !key.Contains('`') ? "`" + key + "`" : throw new StoreException("ini: a key holding both a backtick and a quote or delimiter cannot be written", path: path);
        }

        return key.Contains('`') ? "\"\"\"" + key + "\"\"\"" : key;
    }

    /// <summary>Comment lines as go-ini writes them: <c>; text</c>, or the line itself when it starts with a marker.</summary>
    public static string CommentLines(string text)
    {
        var lines = text.Split('\n').Select(l => l.Length > 0 && l[0] is '#' or ';' ? l[..1] + " " + l[1..].Trim() : "; " + l.Trim());
        return string.Join("\n", lines) + "\n";
    }

    /// <summary>A comment's text spliced after its kept marker: continuation lines get their own marker.</summary>
    public static string CommentText(string text) =>
        string.Join("\n", text.Split('\n').Select((l, i) => i == 0 || (l.Length > 0 && l[0] is '#' or ';') ? l : "; " + l));

    /// <summary>
    /// One section: comments before its first key above the header, the header (none for a leading
    /// DEFAULT section), then each key with the comments that follow it in the tree written above it.
    /// </summary>
    public static void Section(StringBuilder sb, string name, Mapping section, bool header)
    {
        var pairs = section.Pairs.ToList();
        var keys = pairs.Select(p => Key(p.Key, Path(name, p.Key))).ToList();
        var align = keys.Count == 0 ? 0 : keys.Max(k => Encoding.UTF8.GetByteCount(k));
        var leading = section.Items.TakeWhile(i => i is Comment).OfType<Comment>();
        foreach (var comment in leading)
        {
            sb.Append(CommentLines(comment.Text));
        }

        if (header)
        {
            if (name.Length == 0 || name.Contains('\n'))
            {
                throw new StoreException("ini: a section name cannot be empty or hold a newline", path: "[\"" + name + "\"]");
            }

            sb.Append('[').Append(name).Append("]\n");
        }

        var index = 0;
        var items = section.Items.SkipWhile(i => i is Comment).ToList();
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not Pair pair)
            {
                continue;
            }

            // sops keeps a key's comments after it in the tree; go-ini writes them above the key.
            for (var j = i + 1; j < items.Count && items[j] is Comment c; j++)
            {
                sb.Append(CommentLines(c.Text));
            }

            var key = keys[index++];
            var value = GoIniValue(GoPrint.ValToString((Scalar)pair.Value), Path(name, pair.Key));
            sb.Append(key).Append(' ', align - Encoding.UTF8.GetByteCount(key)).Append(" = ").Append(value).Append('\n');
        }
    }

    /// <summary>The <c>[sops]</c> section lines (no final newline): flattened keys, aligned, values <c>\n</c>-escaped (3.13.2).</summary>
    public static List<string> MetadataLines(Mapping metadata)
    {
        var flat = FlatMetadata.Flatten(metadata);
        var align = flat.Count == 0 ? 0 : flat.Max(kv => Encoding.UTF8.GetByteCount(kv.Key));
        var lines = new List<string> { "[" + IniStore.MetadataSection + "]" };
        foreach (var (key, value) in flat)
        {
            var escaped = GoIniValue(FlatMetadata.EscapeNewlines(value), Path(IniStore.MetadataSection, key));
            lines.Add(key + new string(' ', align - Encoding.UTF8.GetByteCount(key)) + " = " + escaped);
        }

        return lines;
    }

    public static string Path(string section, string key) => "[\"" + section + "\"][\"" + key + "\"]";
}
