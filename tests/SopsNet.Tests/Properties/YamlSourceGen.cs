using CsCheck;

namespace SopsNet.Tests.Properties;

/// <summary>
/// YAML source text: nested block mappings and sequences, every block scalar header (| and >, with -, +
/// and indentation indicators in either order, and a comment after the header), plain, quoted and typed
/// scalars, flow collections, anchors with aliases, comments everywhere, blank lines, several documents
/// with --- and ... markers. Text only; <see cref="SourceText.Finish"/> picks the line ends.
/// </summary>
public static class YamlSourceGen
{
    private const int MaxDepth = 2;

    // Declared before Stream: static initializers run in text order and Stream's construction fills it.
    private static readonly Dictionary<(int, int, int), Gen<string>> Mappings = [];

    public static Gen<string> Stream { get; } = Gen.Select(
        Gen.Frequency((4, Document.Array[1, 1]), (1, Document.Array[2, 3])),
        Gen.Bool,
        Gen.Int[0, 4],
        Gen.Int[0, 2],
        (docs, leadingMarker, endMarkers, marker) =>
        {
            var separator = marker switch { 0 => "---\n", 1 => "--- # next document\n", _ => "---\n\n" };
            var parts = docs.Select((d, i) => d + (endMarkers == 0 && i < docs.Length - 1 ? "...\n" : ""));
            return (leadingMarker ? "---\n" : "") + string.Join(separator, parts);
        });

    private static Gen<string> Document => Gen.Select(
        Mapping(0, MaxDepth, minEntries: 1),
        Gen.Int[0, 3],
        SourceText.CommentText,
        Gen.Int[0, 5],
        (body, topComment, comment, anchors) =>
            (topComment == 0 ? "#" + comment + "\n" : "") + body +
            (anchors == 0 ? "anchor_base: &base hunter2-anchored\nanchor_copy: *base\n" : "") +
            (topComment == 1 ? "#" + comment + "\n" : ""));

    /// <summary>Block mapping entries at <paramref name="indent"/>: key, colon and value, with comments and blank lines between.</summary>
    private static Gen<string> Mapping(int indent, int depth, int minEntries = 0)
    {
        if (Mappings.TryGetValue((indent, depth, minEntries), out var cached))
        {
            return cached;
        }

        var entry = Gen.Select(Key, Value(indent, depth), Between(indent), (key, value, before) =>
            (Func<int, string>)(i => before + SourceText.Indent(indent) + key(i) + ":" + value));
        var gen = entry.Array[minEntries, 3].Select(entries => string.Concat(entries.Select((e, i) => e(i))));
        Mappings[(indent, depth, minEntries)] = gen;
        return gen;
    }

    /// <summary>A key from its stem, the entry's index (keys stay unique) and a rule suffix; sometimes quoted.</summary>
    private static Gen<Func<int, string>> Key => Gen.Select(SourceText.KeyStem, SourceText.KeySuffix, Gen.Int[0, 5], (stem, suffix, quote) =>
        (Func<int, string>)(i => quote switch
        {
            0 => $"\"{stem}{i}{suffix}\"",
            1 => $"'{stem}{i}{suffix}'",
            _ => $"{stem}{i}{suffix}",
        }));

    /// <summary>What may stand before an entry or item: nothing, a blank line, a comment at this or another column.</summary>
    private static Gen<string> Between(int indent) => Gen.Frequency(
        (6, Gen.Const("")),
        (1, Gen.Const("\n")),
        (2, SourceText.CommentText.Select(c => SourceText.Indent(indent) + "#" + c + "\n")),
        (1, SourceText.CommentText.Select(c => "#" + c + "\n")));

    /// <summary>Everything after "key:", up to and including the line end and any nested lines.</summary>
    private static Gen<string> Value(int indent, int depth)
    {
        var options = new List<(int, IGen<string>)>
        {
            (8, Gen.Select(Inline(depth), TrailingComment, (v, c) => " " + v + c + "\n")),
            (1, TrailingComment.Select(c => c + "\n")),
            (4, BlockScalar(indent)),
            (1, MultiLineFlow(indent)),
            (1, MultiLinePlain(indent)),
        };
        if (depth > 0)
        {
            options.Add((4, Gen.Select(TrailingComment, Gen.Int[1, 2], (c, step) => (c, step))
                .SelectMany(x => Mapping(indent + 2 * x.step, depth - 1).Select(m => x.c + "\n" + m))));
            options.Add((3, Gen.Select(TrailingComment, Gen.Bool, (c, compact) => (c, compact))
                .SelectMany(x => Sequence(x.compact ? indent : indent + 2, depth - 1).Select(s => x.c + "\n" + s))));
        }

        return Gen.Frequency([.. options]);
    }

    private static Gen<string> TrailingComment => Gen.Frequency(
        (5, Gen.Const("")),
        (1, SourceText.CommentText.Select(c => " #" + c)));

    /// <summary>A block sequence at <paramref name="indent"/>: scalars, block scalars, mappings and empty items.</summary>
    private static Gen<string> Sequence(int indent, int depth)
    {
        var pad = SourceText.Indent(indent);
        var item = Gen.Frequency(
            (5, Gen.Select(Inline(depth), TrailingComment, (v, c) => "- " + v + c + "\n")),
            (1, Gen.Const("-\n")),
            (2, BlockScalar(indent).Select(b => "-" + b)),
            (3, Gen.Select(Inline(0), Mapping(indent + 2, Math.Max(depth - 1, 0)), (first, rest) => "- item: " + first + "\n" + rest)));
        return Gen.Select(item, Between(indent), (i, before) => before + pad + i).Array[1, 3].Select(string.Concat);
    }

    /// <summary>A scalar or flow collection on the key's line.</summary>
    private static Gen<string> Inline(int depth) => Gen.Frequency(
        (4, SourceText.Word),
        (3, SourceText.Typed),
        (3, SourceText.QuotedText.Select(t => "'" + t.Replace("'", "''", StringComparison.Ordinal) + "'")),
        (3, DoubleQuoted),
        (1, Gen.OneOfConst("\"\"", "''", "!!str 42", "!!binary aGVsbG8=", "&a1 anchored-value")),
        (2, Flow(depth)));

    private static Gen<string> DoubleQuoted => Gen.Select(SourceText.QuotedText, Gen.Int[0, 19], (t, escape) =>
        "\"" + t.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + escape switch
        {
            0 => "\\n",
            1 => "\\t",
            2 => "\\u00e9",
            3 => "\\x41",
            4 => "\\U0001D11E",
            5 => "\\/",
            6 => "\\e",
            _ => "",
        } + "\"");

    private static Gen<string> Flow(int depth)
    {
        var scalar = Gen.Frequency(
            (3, SourceText.Word),
            (2, SourceText.Typed.Where(t => !t.Contains(' ', StringComparison.Ordinal))),
            (1, Gen.OneOfConst("'single q'", "\"double q\"", "\"\"")));
        var item = depth > 0 ? Gen.Frequency((4, scalar), (1, Flow(depth - 1))) : scalar;
        var seq = Gen.Select(item.Array[0, 3], Gen.Bool, (items, tight) => "[" + string.Join(tight ? "," : ", ", items) + "]");
        var map = Gen.Select(item.Array[0, 3], Gen.Bool, (items, tight) =>
            "{" + string.Join(tight ? "," : ", ", items.Select((v, i) => $"f{i}: {v}")) + "}");
        return Gen.OneOf(seq, map);
    }

    /// <summary>A flow sequence over several lines (canonical layout on the way back).</summary>
    private static Gen<string> MultiLineFlow(int indent) => SourceText.Word.Array[1, 3].Select(items =>
        " [\n" + string.Concat(items.Select(i => SourceText.Indent(indent + 2) + i + ",\n")) + SourceText.Indent(indent) + "]\n");

    /// <summary>A plain scalar folded over two lines.</summary>
    private static Gen<string> MultiLinePlain(int indent) => Gen.Select(SourceText.Word, SourceText.Word, (a, b) =>
        " " + a + "\n" + SourceText.Indent(indent + 2) + b + "\n");

    /// <summary>
    /// A block scalar: | or >, chomping -, + or none, an indentation indicator or none (in either order),
    /// maybe a comment after the header; lines at the content indentation, more-indented lines, blank and
    /// whitespace-only lines, trailing blank lines (which keep chomping keeps).
    /// </summary>
    private static Gen<string> BlockScalar(int indent) => Gen.Select(
        Gen.OneOfConst('|', '>'),
        Gen.OneOfConst("", "-", "+"),
        Gen.Frequency((3, Gen.Const(0)), (1, Gen.Int[1, 4])),
        Gen.Bool,
        TrailingComment,
        BlockLine.Array[0, 4],
        Gen.OneOfConst("", "\n", "\n\n", "  \n"),
        (style, chomp, indicator, indicatorFirst, comment, lines, trailing) =>
        {
            var header = style + (indicatorFirst ? Indicator(indicator) + chomp : chomp + Indicator(indicator));
            var content = indent + (indicator > 0 ? indicator : 2);
            var body = new System.Text.StringBuilder();
            var seenText = false;
            foreach (var (text, extra) in lines)
            {
                if (text.Length == 0)
                {
                    // A whitespace-only line may not be deeper than the first text line's indentation.
                    body.Append(extra > 0 && seenText ? SourceText.Indent(content) : "").Append('\n');
                    continue;
                }

                // Without an indicator the first text line sets the indentation, so it cannot be deeper.
                var deeper = indicator > 0 || seenText ? extra : 0;
                body.Append(SourceText.Indent(content + deeper)).Append(text).Append('\n');
                seenText = true;
            }

            return " " + header + comment + "\n" + body + trailing;
        });

    private static string Indicator(int indicator) => indicator > 0 ? indicator.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

    private static Gen<(string Text, int Extra)> BlockLine => Gen.Select(
        Gen.Frequency((1, Gen.Const("")), (4, SourceText.Word), (2, SourceText.QuotedText.Where(t => t.Length > 0 && t[0] != ' '))),
        Gen.FrequencyConst((4, 0), (1, 1), (1, 3)),
        (text, extra) => (text, extra));
}
