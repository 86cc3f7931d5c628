using System.Globalization;
using System.Text;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Stores.Json;

/// <summary>
/// Fresh rendering in sops 3.13's layout (json.Indent over sops' own encoder): one member or element
/// per line, <c>"key": value</c>, empty containers as <c>{}</c>/<c>[]</c>. Comments are dropped, as
/// sops does: JSON cannot hold them.
/// </summary>
internal sealed class JsonRenderer(string unit, string newline)
{
    public string Unit { get; } = unit;

    public string Newline { get; } = newline;

    /// <summary>Renders a value whose first line continues a line indented by <paramref name="indent"/>.</summary>
    public void Render(StringBuilder sb, Node node, string indent, string path)
    {
        switch (node)
        {
            case Scalar scalar:
                sb.Append(Scalar(scalar, path));
                break;
            case Mapping mapping:
                RenderMapping(sb, mapping, indent, path, null);
                break;
            case Sequence sequence:
                var elements = sequence.Items.Where(n => n is not Comment).ToList();
                if (elements.Count == 0)
                {
                    sb.Append("[]");
                    break;
                }

                sb.Append('[');
                for (var i = 0; i < elements.Count; i++)
                {
                    sb.Append(i == 0 ? "" : ",").Append(Newline).Append(indent).Append(Unit);
                    Render(sb, elements[i], indent + Unit, path + "[" + i + "]");
                }

                sb.Append(Newline).Append(indent).Append(']');
                break;
            default:
                throw new StoreException($"json: cannot write a {node.GetType().Name} node", path: path);
        }
    }

    /// <summary>Renders an object, with the <c>sops</c> member appended last when metadata is given.</summary>
    public void RenderMapping(StringBuilder sb, Mapping mapping, string indent, string path, Mapping? metadata)
    {
        var members = mapping.Pairs.Select(p => (p.Key, p.Value)).ToList();
        if (metadata is not null)
        {
            members.Add((JsonStore.MetadataKey, metadata));
        }

        if (members.Count == 0)
        {
            sb.Append("{}");
            return;
        }

        sb.Append('{');
        for (var i = 0; i < members.Count; i++)
        {
            sb.Append(i == 0 ? "" : ",").Append(Newline).Append(indent).Append(Unit);
            sb.Append(Quote(members[i].Key)).Append(": ");
            Render(sb, members[i].Value, indent + Unit, path + JsonStore.KeyPath(members[i].Key));
        }

        sb.Append(Newline).Append(indent).Append('}');
    }

    /// <summary>The JSON token for a scalar; throws when the value has no JSON spelling.</summary>
    public static string Scalar(Scalar scalar, string path) => scalar.Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.String or ScalarKind.Time => Quote(scalar.Text),
        ScalarKind.Bool => GoFormat.TryParseBool(scalar.Text, out var b)
            ? (b ? "true" : "false")
            : throw new StoreException($"json: the value at {path} is not a boolean", path: path),
        ScalarKind.Int => !GoFormat.TryParseInt(scalar.Text, out var i)
            ? throw new StoreException($"json: the value at {path} is not an integer", path: path)
            : IsJsonNumber(scalar.Text) ? scalar.Text
            : i.ToString(CultureInfo.InvariantCulture),
        ScalarKind.Float => Float(scalar.Text, path),
        _ => throw new StoreException($"json: the value at {path} has an unknown kind", path: path),
    };

    private static string Float(string text, string path)
    {
        // The payload spelling is kept when JSON can hold it (1.50, 1e3, 1234568000 from old sops).
        if (IsJsonNumber(text))
        {
            return text;
        }

        if (!GoFormat.TryParseFloat(text, out var f))
        {
            throw new StoreException($"json: the value at {path} is not a number", path: path);
        }

        if (double.IsNaN(f) || double.IsInfinity(f))
        {
            throw new StoreException($"json: the value at {path} is infinite or not a number, which json cannot represent", path: path);
        }

        // Go spellings JSON lacks (+1, .5, 5.) are normalised.
        return GoFormat.FormatFloat(f);
    }

    /// <summary>Whether <paramref name="text"/> matches the RFC 8259 number grammar.</summary>
    public static bool IsJsonNumber(string text)
    {
        var i = 0;
        if (i < text.Length && text[i] == '-')
        {
            i++;
        }

        if (i < text.Length && text[i] == '0')
        {
            i++;
        }
        else if (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }
        else
        {
            return false;
        }

        if (i < text.Length && text[i] == '.')
        {
            i++;
            if (i >= text.Length || !char.IsAsciiDigit(text[i]))
            {
                return false;
            }

            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            if (i >= text.Length || !char.IsAsciiDigit(text[i]))
            {
                return false;
            }

            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
        }

        return i == text.Length;
    }

    /// <summary>
    /// A JSON string with minimal escaping: quote, backslash and control characters only; non-ASCII
    /// stays UTF-8. Unlike Go's json.Marshal, &lt; &gt; &amp; U+2028 U+2029 are not escaped, so a
    /// plaintext file written with them comes back as it was.
    /// </summary>
    public static string Quote(string text)
    {
        var sb = new StringBuilder(text.Length + 2);
        sb.Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                default:
                    if (c < 0x20)
                    {
                        sb.Append("\\u00").Append(((int)c).ToString("x2", CultureInfo.InvariantCulture));
                    }
                    else
                    {
                        sb.Append(c);
                    }

                    break;
            }
        }

        return sb.Append('"').ToString();
    }
}
