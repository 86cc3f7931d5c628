using System.Collections.Immutable;
using SopsNet.Tree;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// Emits nodes the way sops's go-yaml v3 encoder does: block style, nested collections indented to
/// the next multiple of the indent (a mapping inside a sequence item starts right after <c>- </c>),
/// lists indented under their key, multi-line strings as literal blocks, strings that would read as
/// another type double-quoted, <c>ENC[...]</c> plain. Used for files without an original, for new
/// nodes spliced into an original, and always for the <c>sops</c> block.
/// </summary>
internal sealed class YamlFreshEmitter(int indent)
{
    public string EmitStream(ImmutableArray<Mapping> documents, Mapping? metadata)
    {
        var docs = documents.IsDefaultOrEmpty ? [Mapping.Empty] : documents;
        var parts = new List<string>();
        foreach (var doc in docs)
        {
            var lines = MappingLines(doc, 0);
            if (metadata is not null)
            {
                lines.AddRange(PairLines(new Pair("sops", metadata), 0));
            }

            parts.Add(lines.Count == 0 ? "{}\n" : string.Join("\n", lines) + "\n");
        }

        return string.Join("---\n", parts);
    }

    /// <summary>The <c>sops:</c> entry at <paramref name="column"/>, every line ending with <paramref name="newline"/>.</summary>
    public string SopsBlock(Mapping metadata, int column, string newline) =>
        string.Concat(PairLines(new Pair("sops", metadata), column).Select(l => l + newline));

    /// <summary>The next indentation level, as go-yaml computes it (aligned to a multiple of the indent).</summary>
    public int Next(int column) => indent * ((column + indent) / indent);

    public List<string> MappingLines(Mapping mapping, int column)
    {
        var lines = new List<string>();
        foreach (var item in mapping.Items)
        {
            lines.AddRange(item switch
            {
                Pair p => PairLines(p, column),
                Comment c => [Pad(column) + "#" + c.Text],
                _ => [],
            });
        }

        return lines;
    }

    public List<string> SequenceLines(Sequence sequence, int column)
    {
        var lines = new List<string>();
        foreach (var item in sequence.Items)
        {
            lines.AddRange(item is Comment c ? [Pad(column) + "#" + c.Text] : ItemLines(item, column));
        }

        return lines;
    }

    public List<string> PairLines(Pair pair, int column)
    {
        var key = Pad(column) + KeyToken(pair.Key) + ":";
        var (inline, lines) = After(pair.Value, Next(column));
        var result = new List<string> { key + inline };
        result.AddRange(lines);
        return result;
    }

    /// <summary>A sequence element with its dash at <paramref name="column"/>.</summary>
    public List<string> ItemLines(Node value, int column)
    {
        var inner = column + 2;
        switch (value)
        {
            case Mapping { Items.Length: > 0 } m:
                return Compact(MappingLines(m, inner), column);
            case Sequence { Items.Length: > 0 } s:
                return Compact(SequenceLines(s, inner), column);
            default:
                var (inline, lines) = After(value, inner);
                var result = new List<string> { Pad(column) + "-" + inline };
                result.AddRange(lines);
                return result;
        }
    }

    /// <summary>
    /// What follows <c>key:</c> (or <c>-</c>): an inline part starting with a blank, and further lines.
    /// Nested collections start on the next line at <paramref name="childColumn"/>.
    /// </summary>
    public (string Inline, List<string> Lines) After(Node value, int childColumn)
    {
        switch (value)
        {
            case Mapping { Items.Length: 0 }:
                return (" {}", []);
            case Sequence { Items.Length: 0 }:
                return (" []", []);
            case Mapping m:
                return ("", MappingLines(m, childColumn));
            case Sequence s:
                return ("", SequenceLines(s, childColumn));
            case Scalar sc:
                var r = Scalar(sc, inFlow: false);
                return r.IsBlock
                    ? (" " + r.Header, [.. r.Lines.Select(l => l.Length == 0 ? "" : Pad(childColumn) + l)])
                    : (" " + r.Token, []);
            default:
                return (" null", []);
        }
    }

    /// <summary>A single-line flow rendering, for values that replace a token inside <c>{}</c> or <c>[]</c>.</summary>
    public string Flow(Node value) => value switch
    {
        Mapping m => "{" + string.Join(", ", m.Pairs.Select(p => FlowKey(p.Key) + ": " + Flow(p.Value))) + "}",
        Sequence s => "[" + string.Join(", ", s.Items.Where(i => i is not Comment).Select(Flow)) + "]",
        Scalar sc => Scalar(sc, inFlow: true).Token,
        _ => "null",
    };

    /// <summary>go-yaml's choice of style for a fresh scalar.</summary>
    public static YamlRendered Scalar(Scalar value, bool inFlow)
    {
        if (value.Kind != ScalarKind.String)
        {
            return YamlRendered.Inline(YamlScalarStyle.Plain, YamlScalarSyntax.NonString(value));
        }

        var v = value.Text;
        if (v.Contains('\n') && !inFlow && LiteralAllowed(v))
        {
            var (chomp, lines) = YamlScalarSyntax.LiteralLines(v);
            return YamlRendered.Block(YamlScalarStyle.Literal, "|" + chomp, lines);
        }

        if (YamlScalarSyntax.CanBePlain(v, inFlow, tagged: false) && !IsOldBool(v))
        {
            return YamlRendered.Inline(YamlScalarStyle.Plain, v);
        }

        if (!ResolvesToNonString(v) && !IsOldBool(v) && YamlScalarSyntax.CanBeSingleQuoted(v) && !v.Contains('\t'))
        {
            return YamlRendered.Inline(YamlScalarStyle.SingleQuoted, YamlScalarSyntax.SingleQuote(v));
        }

        return YamlRendered.Inline(YamlScalarStyle.DoubleQuoted, YamlScalarSyntax.DoubleQuote(v));
    }

    private static bool LiteralAllowed(string v) =>
        YamlScalarSyntax.CanBeLiteral(v, inFlow: false) && !v.EndsWith(' ') && !v.Contains(" \n", StringComparison.Ordinal);

    private static bool ResolvesToNonString(string v)
    {
        try
        {
            return GoYamlResolver.ResolvePlain(v).Kind != ScalarKind.String;
        }
        catch (StoreException)
        {
            return true;
        }
    }

    /// <summary>YAML 1.1 booleans: go-yaml v3 reads them as strings but still quotes them on output.</summary>
    private static bool IsOldBool(string v) =>
        v is "y" or "Y" or "yes" or "Yes" or "YES" or "n" or "N" or "no" or "No" or "NO" or "on" or "On" or "ON" or "off" or "Off" or "OFF";

    private static string KeyToken(string key)
    {
        var r = Scalar(Tree.Scalar.String(key), inFlow: false);
        return r.IsBlock ? YamlScalarSyntax.DoubleQuote(key) : r.Token;
    }

    private static string FlowKey(string key) => Scalar(Tree.Scalar.String(key), inFlow: true).Token;

    /// <summary>Puts <c>- </c> in front of the first line of a nested collection's lines.</summary>
    private static List<string> Compact(List<string> lines, int column)
    {
        lines[0] = Pad(column) + "- " + lines[0][(column + 2)..];
        return lines;
    }

    private static string Pad(int column) => new(' ', column);
}
