// Over 400 lines on purpose: go-ini's line grammar (sections, keys, the three quoting forms, continuation
// lines, comments and where they attach) is one state machine over one cursor; split, each part would need it all.
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using SopsNet.Stores.Flat;
using SopsNet.Tree;

namespace SopsNet.Stores.Ini;

// Just over 400 lines, kept whole on purpose: it is go-ini's line grammar (sections, keys, quoting,
// continuations, comment attachment) in the order go-ini applies it, and splitting it would scatter rules
// that must be read together.

/// <summary>
/// Reads INI the way sops does through go-ini v1 with its default options (docs/format.md §7.4): sections (duplicate
/// names allowed, names not trimmed), keys and values trimmed, <c>=</c> or <c>:</c> as delimiter, values
/// quoted with <c>"""…"""</c> (multi-line) or <c>`…`</c> kept verbatim, a value surrounded by <c>"</c> or
/// <c>'</c> unquoted, inline comments from the first <c>#</c> or <c>;</c> of an unquoted value, and a
/// trailing backslash continuing the value on the next line. Comments are placed as sops places them:
/// lines above a section header become the first items of that section, lines above a key (and the key's
/// inline comment) become items right after that key; a comment after a section header is not an item. Comments after the last key, which go-ini drops,
/// are kept as the last items of the last section.
/// </summary>
internal sealed class IniParser(LineText text)
{
    private const string DefaultSection = "DEFAULT";

    private readonly string s = text.Text;
    private readonly List<SectionBuilder> sections = [];
    private readonly List<Comment> pending = [];
    private readonly List<object> sources = [];
    private readonly List<StoreWarning> warnings = [];
    private int pendingStart = -1;
    private (SectionBuilder Before, List<Comment> Comments)? aboveMetadata;

    public ImmutableArray<StoreWarning> Warnings => [.. warnings];

    public ImmutableArray<object> Sources => [.. sources];

    /// <summary>The sections in file order, the implicit DEFAULT section first (even when empty).</summary>
    public IReadOnlyList<SectionBuilder> Parse()
    {
        var current = new SectionBuilder(DefaultSection, null, 0);
        sections.Add(current);
        var autoIncrement = 1;
        var start = s.Length > 0 && s[0] == '\uFEFF' ? 1 : 0;
        while (start < s.Length)
        {
            var end = text.LineEnd(start);
            var next = text.NextLine(start);
            var cs = start;
            while (cs < end && char.IsWhiteSpace(s[cs]))
            {
                cs++;
            }

            if (cs == end)
            {
                start = next;
                continue;
            }

            if (s[cs] == '#' || s[cs] == ';')
            {
                AddPending(OwnLineComment(start, next, cs, end));
            }
            else if (s[cs] == '[')
            {
                current = Section(start, next, cs, end);
                autoIncrement = 1;
            }
            else
            {
                next = Key(current, start, cs, end, ref autoIncrement);
            }

            start = next;
        }

        aboveMetadata?.Before.Items.AddRange(aboveMetadata.Value.Comments);

        // go-ini drops comments after the last key; keep them in the last section.
        foreach (var comment in pending)
        {
            current.Items.Add(comment);
        }

        current.End = s.Length;
        foreach (var section in sections)
        {
            var (headerStart, headerNext, nameStart, nameEnd) = section.Header ?? (-1, -1, -1, -1);
            section.Source = new IniSectionSource(text, section.Name, headerStart, headerNext, nameStart, nameEnd, section.Start, section.End);
            sources.Add(section.Source);
        }

        return sections;
    }

    private void AddPending(Comment comment)
    {
        var source = (IniCommentSource)comment.Source!;
        if (pending.Count == 0)
        {
            pendingStart = source.DeleteStart;
        }

        pending.Add(comment);
    }

    private Comment OwnLineComment(int lineStart, int next, int cs, int end)
    {
        var (textStart, textEnd) = CommentText(cs, end);
        var source = new IniCommentSource(text, lineStart, next, textStart, textEnd, s[textStart..textEnd]);
        sources.Add(source);
        return new Comment(source.Parsed) { Source = source };
    }

    private Comment InlineComment(int marker, int end)
    {
        var (textStart, textEnd) = CommentText(marker, end);
        var source = new IniCommentSource(text, marker, textEnd, textStart, textEnd, s[textStart..textEnd]);
        sources.Add(source);
        return new Comment(source.Parsed) { Source = source };
    }

    /// <summary>
    /// sops keeps the comment trimmed, without its leading run of the marker character and spaces
    /// (<c>;; foo</c> → <c>foo</c>, <c>#  foo</c> → <c>foo</c>): that text is what is encrypted and what
    /// comment selection rules see. The marker run stays in the file around the spliced text.
    /// </summary>
    private (int Start, int End) CommentText(int marker, int end)
    {
        while (end > marker && char.IsWhiteSpace(s[end - 1]))
        {
            end--;
        }

        var m = s[marker];
        var start = marker;
        while (start < end && (s[start] == m || s[start] == ' '))
        {
            start++;
        }

        return (start, end);
    }

    private SectionBuilder Section(int lineStart, int next, int cs, int end)
    {
        var close = s.LastIndexOf(']', end - 1, end - cs);
        if (close < 0)
        {
            throw Error("ini: a section header without its closing ']'", cs);
        }

        var name = s[(cs + 1)..close];
        if (name.Length == 0)
        {
            throw Error("ini: a section header with an empty name", cs);
        }

        if (name == IniStore.MetadataSection)
        {
            // Comments above [sops] must not go with the metadata section, which is dropped and rewritten.
            // Where they go is where they read back once it is gone: above the next section's header they
            // are that section's, else they trail the section before.
            aboveMetadata = (sections[^1], [.. pending]);
            pending.Clear();
        }

        var blockStart = pending.Count > 0 ? pendingStart : lineStart;
        sections[^1].End = blockStart;
        var section = new SectionBuilder(name, (lineStart, next, cs + 1, close), blockStart);
        if (name != IniStore.MetadataSection && aboveMetadata is { } held)
        {
            section.Items.AddRange(held.Comments);
            aboveMetadata = null;
        }

        section.Items.AddRange(pending);
        pending.Clear();

        // A comment after the header stays in the file as it is, unencrypted: go-ini finds the end of
        // the name at the line's last ']', so "[s] ; ENC[...]" would read back as another section name.
        // (sops itself never writes one: go-ini moves it above the header.)
        sections.Add(section);
        return section;
    }

    /// <summary>Reads one key (go-ini's readKeyName and readValue); returns where the next line starts.</summary>
    private int Key(SectionBuilder section, int lineStart, int cs, int end, ref int autoIncrement)
    {
        string name;
        int valueFrom;
        var quote = s[cs] == '"' ? (end - cs > 6 && string.CompareOrdinal(s, cs, "\"\"\"", 0, 3) == 0 ? "\"\"\"" : "\"")
            : s[cs] == '`' ? "`" : null;
        if (quote is not null)
        {
            var close = s.IndexOf(quote, cs + quote.Length, end - cs - quote.Length, StringComparison.Ordinal);
            if (close < 0)
            {
                throw Error("ini: a quoted key without its closing quote", cs);
            }

            var delimiter = s.IndexOfAny(['=', ':'], close + quote.Length, end - close - quote.Length);
            if (delimiter < 0)
            {
                throw Error("ini: a line that is neither a section, a comment nor key = value (no '=' or ':')", cs);
            }

            name = s[(cs + quote.Length)..close].Trim();
            valueFrom = delimiter + 1;
        }
        else
        {
            var delimiter = s.IndexOfAny(['=', ':'], cs, end - cs);
            if (delimiter < 0)
            {
                throw Error("ini: a line that is neither a section, a comment nor key = value (no '=' or ':')", cs);
            }

            name = s[cs..delimiter].Trim();
            valueFrom = delimiter + 1;
        }

        if (name.Length == 0)
        {
            throw Error("ini: a key with an empty name", cs);
        }

        if (name == "-")
        {
            // go-ini's auto-increment keys: "-" is named #1, #2, ... within its section.
            name = "#" + autoIncrement++.ToString(CultureInfo.InvariantCulture);
        }

        if (!section.Keys.Add(name))
        {
            // go-ini would keep the last value at the first key's place, so sops would silently drop
            // the earlier value (and never encrypt it): refuse instead of losing data.
            throw Error("ini: a key appears twice in the same section", cs);
        }

        var value = Value(valueFrom, end);
        var source = new IniKeySource(text, name, lineStart, value.Next, value.Start, value.End, value.Style, value.Text);
        sources.Add(source);
        section.Items.Add(new Pair(name, Scalar.String(value.Text)) { Source = source });
        section.Items.AddRange(pending);
        pending.Clear();
        if (value.Comment >= 0)
        {
            section.Items.Add(InlineComment(value.Comment, value.CommentEnd));
        }

        if (value.Style == IniValueStyle.Backtick && value.Comment >= 0)
        {
            // Only a value spanning lines has a comment after its closing quote (see IniSpliceWriter.StyleFor).
            var (line, column) = text.Position(value.Start);
            warnings.Add(new StoreWarning(line, column, "[\"" + section.Name + "\"][\"" + name + "\"]",
                "a multi-line `…` value with a comment after it comes back in \"\"\" quotes"));
        }

        if (value.Style == IniValueStyle.Continued)
        {
            var (line, column) = text.Position(value.Start);
            warnings.Add(new StoreWarning(line, column, "[\"" + section.Name + "\"][\"" + name + "\"]",
                "a value continued with a trailing backslash is written back on one line when it changes"));
        }

        return value.Next;
    }

    private readonly record struct ParsedValue(int Start, int End, IniValueStyle Style, string Text, int Next, int Comment = -1, int CommentEnd = -1);

    private ParsedValue Value(int from, int end)
    {
        var next = text.NextLine(from);
        var vs = from;
        while (vs < end && char.IsWhiteSpace(s[vs]))
        {
            vs++;
        }

        if (vs == end)
        {
            // An empty value; a new one would be inserted right after the delimiter.
            return new ParsedValue(end, end, IniValueStyle.Plain, "", next);
        }

        // go-ini looks at the rest of the line with its newline: `"""` needs something after it.
        var restWithNewline = next - vs;
        var quote = restWithNewline > 3 && string.CompareOrdinal(s, vs, "\"\"\"", 0, 3) == 0 ? "\"\"\""
            : s[vs] == '`' ? "`" : null;
        if (quote is not null)
        {
            return Quoted(vs, end, next, quote);
        }

        var ve = end;
        while (ve > vs && char.IsWhiteSpace(s[ve - 1]))
        {
            ve--;
        }

        if (s[ve - 1] == '\\')
        {
            return Continued(vs, ve, next);
        }

        var comment = s.IndexOfAny(['#', ';'], vs, ve - vs);
        var commentEnd = ve;
        if (comment >= 0)
        {
            ve = comment;
            while (ve > vs && char.IsWhiteSpace(s[ve - 1]))
            {
                ve--;
            }
        }

        var raw = s[vs..ve];
        var style = SurroundedBy(raw, '"') ? IniValueStyle.DoubleQuoted
            : SurroundedBy(raw, '\'') ? IniValueStyle.SingleQuoted
            : IniValueStyle.Plain;
        var value = style == IniValueStyle.Plain ? raw : raw[1..^1];
        return new ParsedValue(vs, ve, style, value, next, comment, commentEnd);
    }

    /// <summary>go-ini's hasSurroundedQuote: quotes at both ends and none in between.</summary>
    internal static bool SurroundedBy(string v, char quote) =>
        v.Length >= 2 && v[0] == quote && v[^1] == quote && v.IndexOf(quote, 1) == v.Length - 1;

    private ParsedValue Quoted(int vs, int end, int next, string quote)
    {
        var style = quote == "`" ? IniValueStyle.Backtick : IniValueStyle.TripleQuoted;
        var contentStart = vs + quote.Length;

        // The closing quote is the last one on its line; anything after it on the opening line is ignored.
        var close = LastIndexIn(quote, contentStart, next);
        if (close >= 0)
        {
            return new ParsedValue(vs, close + quote.Length, style, s[contentStart..close], next);
        }

        // A multi-line value: read lines until one holds the closing quote.
        var lineStart = next;
        while (lineStart < s.Length)
        {
            var lineNext = text.NextLine(lineStart);
            close = LastIndexIn(quote, lineStart, lineNext);
            if (close >= 0)
            {
                var lineEnd = text.LineEnd(lineStart);
                var marker = close + quote.Length < lineEnd ? s.IndexOfAny(['#', ';'], close + quote.Length, lineEnd - close - quote.Length) : -1;
                return new ParsedValue(vs, close + quote.Length, style, s[contentStart..close], lineNext, marker, lineEnd);
            }

            lineStart = lineNext;
        }

        throw Error("ini: a quoted value without its closing quote", vs);
    }

    /// <summary>The last occurrence of <paramref name="quote"/> that lies entirely within [from, to), or -1.</summary>
    private int LastIndexIn(string quote, int from, int to)
    {
        for (var i = to - quote.Length; i >= from; i--)
        {
            if (string.CompareOrdinal(s, i, quote, 0, quote.Length) == 0)
            {
                return i;
            }
        }

        return -1;
    }

    private ParsedValue Continued(int vs, int ve, int next)
    {
        // A builder: appending to a string would copy the value for every line of a long continuation.
        var value = new StringBuilder(s, vs, ve - 1 - vs, ve - vs);
        var spanEnd = ve;
        var lineStart = next;
        while (lineStart < s.Length)
        {
            var lineEnd = text.LineEnd(lineStart);
            var lineNext = text.NextLine(lineStart);
            var part = s[lineStart..lineEnd].Trim();
            if (part.Length == 0)
            {
                break;
            }

            next = lineNext;
            spanEnd = lineEnd;
            while (char.IsWhiteSpace(s[spanEnd - 1]))
            {
                spanEnd--;
            }

            value.Append(part);
            lineStart = lineNext;
            if (value[^1] != '\\')
            {
                break;
            }

            value.Length--;
        }

        return new ParsedValue(vs, spanEnd, IniValueStyle.Continued, value.ToString(), next);
    }

    private StoreException Error(string message, int offset)
    {
        var (line, column) = text.Position(offset);
        return new StoreException(message, line, column);
    }

    /// <summary>
    /// A section being read: its header (null for the implicit DEFAULT section), its items in sops's
    /// order and its block of lines, from its first comment above the header to the next section's block.
    /// </summary>
    internal sealed class SectionBuilder(string name, (int Start, int Next, int NameStart, int NameEnd)? header, int start)
    {
        public string Name { get; } = name;

        public (int Start, int Next, int NameStart, int NameEnd)? Header { get; } = header;

        public int Start { get; } = start;

        public int End { get; set; }

        public IniSectionSource? Source { get; set; }

        public List<Node> Items { get; } = [];

        /// <summary>The key names so far: a set, so a section with 100k keys is read in linear time.</summary>
        public HashSet<string> Keys { get; } = new(StringComparer.Ordinal);
    }
}
