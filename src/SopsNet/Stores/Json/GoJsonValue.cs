using System.Globalization;
using System.Text;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Stores.Json;

/// <summary>
/// A single value as sops's JSON and INI stores print it for <c>decrypt --extract</c> (their EmitValue),
/// which goes through Go's encoding/json: strings HTML-escaped, numbers in Go's spelling, comments
/// skipped. The JSON store indents the result (json.Indent: one element per line, no final newline).
/// The INI store prints plain json.Marshal output, compact; as that knows nothing of sops's tree types,
/// a mapping inside a list comes out as Go's TreeItem structs (<c>[{"Key":"a","Value":1}]</c>) and a
/// comment as its Comment struct. sops prints exactly that, so it is reproduced.
/// </summary>
internal static class GoJsonValue
{
    /// <param name="node">The value to print.</param>
    /// <param name="unit">The indentation unit (a tab, or the configured number of spaces, possibly none).</param>
    public static string Indented(Node node, string unit)
    {
        var sb = new StringBuilder();
        WriteIndented(sb, node, unit, "");
        return sb.ToString();
    }

    public static string Compact(Node node)
    {
        var sb = new StringBuilder();
        WriteCompact(sb, node);
        return sb.ToString();
    }

    private static void WriteIndented(StringBuilder sb, Node node, string unit, string indent)
    {
        var (open, close, members) = node switch
        {
            Mapping m => ('{', '}', m.Pairs.Select(p => (Key: (string?)p.Key, p.Value)).ToList()),
            Sequence s => ('[', ']', s.Items.Where(i => i is not Comment).Select(i => (Key: (string?)null, Value: i)).ToList()),
            _ => ('\0', '\0', []),
        };
        if (open == '\0')
        {
            sb.Append(ScalarToken((Scalar)node));
            return;
        }

        sb.Append(open);
        for (var i = 0; i < members.Count; i++)
        {
            sb.Append(i == 0 ? "" : ",").Append('\n').Append(indent).Append(unit);
            if (members[i].Key is { } key)
            {
                sb.Append(GoPrint.JsonString(key)).Append(": ");
            }

            WriteIndented(sb, members[i].Value, unit, indent + unit);
        }

        if (members.Count > 0)
        {
            sb.Append('\n').Append(indent);
        }

        sb.Append(close);
    }

    private static void WriteCompact(StringBuilder sb, Node node)
    {
        switch (node)
        {
            case Sequence s:
                sb.Append('[');
                for (var i = 0; i < s.Items.Length; i++)
                {
                    sb.Append(i == 0 ? "" : ",");
                    WriteCompact(sb, s.Items[i]);
                }

                sb.Append(']');
                break;
            case Mapping m:
                // sops.TreeBranch is a []TreeItem, and TreeItem is struct { Key, Value interface{} }.
                sb.Append('[');
                for (var i = 0; i < m.Items.Length; i++)
                {
                    sb.Append(i == 0 ? "{\"Key\":" : ",{\"Key\":");
                    if (m.Items[i] is Pair p)
                    {
                        sb.Append(GoPrint.JsonString(p.Key)).Append(",\"Value\":");
                        WriteCompact(sb, p.Value);
                    }
                    else
                    {
                        WriteCompact(sb, m.Items[i]);
                        sb.Append(",\"Value\":null");
                    }

                    sb.Append('}');
                }

                sb.Append(']');
                break;
            case Comment c:
                // sops.Comment is struct { Value string; Inline bool }; whether a comment was inline is not kept here.
                sb.Append("{\"Value\":").Append(GoPrint.JsonString(c.Text)).Append(",\"Inline\":false}");
                break;
            default:
                sb.Append(ScalarToken((Scalar)node));
                break;
        }
    }

    private static string ScalarToken(Scalar scalar) => scalar.Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.String => GoPrint.JsonString(scalar.Text),
        ScalarKind.Time => GoPrint.JsonString(Canonical.Text(scalar)),
        ScalarKind.Bool => GoFormat.TryParseBool(scalar.Text, out var b) && b ? "true" : "false",
        ScalarKind.Int => GoFormat.TryParseInt(scalar.Text, out var i) ? i.ToString(CultureInfo.InvariantCulture) : scalar.Text,
        _ => GoFormat.TryParseFloat(scalar.Text, out var f) && GoPrint.JsonFloat(f) is { } text
            ? text
            : throw new StoreException("json: an infinite or not-a-number float has no json form"),
    };
}
