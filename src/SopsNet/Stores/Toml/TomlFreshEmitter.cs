using System.Text;
using SopsNet.Tree;

namespace SopsNet.Stores.Toml;

/// <summary>
/// Writes a tree as new TOML. Data keeps its exact order, since the MAC follows it: a mapping becomes a
/// <c>[table]</c> (a list of mappings an <c>[[array of tables]]</c>) only when nothing but tables follows
/// it, otherwise dotted keys (or an inline table inside an array). The metadata has no order to keep, so
/// its tables simply go last. Strings with line breaks are multi-line basic strings.
/// </summary>
internal sealed class TomlFreshEmitter(string newline)
{
    public string EmitDocument(Mapping root)
    {
        var sb = new StringBuilder();
        EmitBody(sb, root, [], keepOrder: true);
        return sb.ToString();
    }

    public string EmitMetadata(Mapping sops)
    {
        var sb = new StringBuilder();
        sb.Append('[').Append(TomlStore.MetadataKey).Append(']').Append(newline);
        EmitBody(sb, WithoutNulls(sops), [TomlStore.MetadataKey], keepOrder: false);
        return sb.ToString();
    }

    private void EmitBody(StringBuilder sb, Mapping table, List<string> path, bool keepOrder)
    {
        var items = table.Items;
        var split = items.Length;
        if (keepOrder)
        {
            while (split > 0 && items[split - 1] is Pair p && IsSection(p.Value))
            {
                split--;
            }
        }

        var inline = items.Take(split).Where(i => keepOrder || !(i is Pair p && IsSection(p.Value)));
        var sections = items.Skip(split).Concat(keepOrder ? [] : items.Take(split).Where(i => i is Pair p && IsSection(p.Value)));
        foreach (var item in inline)
        {
            EmitLine(sb, item, "", path);
        }

        foreach (var pair in sections.Cast<Pair>())
        {
            List<string> sub = [.. path, pair.Key];
            var name = string.Join(".", sub.Select(TomlScalarRenderer.RenderKey));
            if (pair.Value is Mapping m)
            {
                Separate(sb).Append('[').Append(name).Append(']').Append(newline);
                EmitBody(sb, m, sub, keepOrder);
                continue;
            }

            foreach (var element in ((Sequence)pair.Value).Items.Cast<Mapping>())
            {
                Separate(sb).Append("[[").Append(name).Append("]]").Append(newline);
                EmitBody(sb, element, sub, keepOrder);
            }
        }
    }

    private void EmitLine(StringBuilder sb, Node item, string prefix, List<string> path)
    {
        if (item is Comment comment)
        {
            sb.Append('#').Append(comment.Text).Append(newline);
            return;
        }

        var pair = (Pair)item;
        var key = prefix + TomlScalarRenderer.RenderKey(pair.Key);
        if (pair.Value is Mapping { Items.Length: > 0 } m)
        {
            // Dotted keys keep the mapping's place among its siblings (a [table] header could not).
            foreach (var inner in m.Items)
            {
                EmitLine(sb, inner, key + ".", [.. path, pair.Key]);
            }

            return;
        }

        sb.Append(key).Append(" = ").Append(Inline(pair.Value, [.. path, pair.Key])).Append(newline);
    }

    /// <summary>A value as the right-hand side of <c>key = </c>: a scalar token, an inline table or an array.</summary>
    public string InlineValue(Node value) => Inline(value, []);

    private string Inline(Node value, List<string> path)
    {
        switch (value)
        {
            case Scalar s:
                return TomlScalarRenderer.RenderFresh(s, newline, new TreePath([.. path]).ToString());
            case Mapping m:
                // A comment cannot sit inside a one-line inline table; it is left out.
                var pairs = m.Pairs.Select(p => TomlScalarRenderer.RenderKey(p.Key) + " = " + Inline(p.Value, [.. path, p.Key])).ToList();
                return pairs.Count == 0 ? "{}" : "{ " + string.Join(", ", pairs) + " }";
            case Sequence seq when seq.Items.Any(i => i is Comment):
                var sb = new StringBuilder("[").Append(newline);
                foreach (var item in seq.Items)
                {
                    sb.Append("  ").Append(item is Comment c ? "#" + c.Text : Inline(item, path) + ",").Append(newline);
                }

                return sb.Append(']').ToString();
            case Sequence seq:
                return "[" + string.Join(", ", seq.Items.Select(i => Inline(i, path))) + "]";
            default:
                throw new InvalidOperationException("unexpected node " + value.GetType().Name);
        }
    }

    private StringBuilder Separate(StringBuilder sb) => sb.Length > 0 ? sb.Append(newline) : sb;

    private static bool IsSection(Node value) =>
        value is Mapping || (value is Sequence { Items.Length: > 0 } s && s.Items.All(i => i is Mapping));

    /// <summary>
    /// TOML has no null; in the metadata a null (sops 3.5's <c>kms: null</c>) and an empty list mean the
    /// same as absent. Empty lists are left out too because Tomlyn's validator wrongly refuses
    /// <c>age = []</c> in a second <c>[[sops.key_groups]]</c> once the first had <c>[[sops.key_groups.age]]</c>.
    /// </summary>
    private static Mapping WithoutNulls(Mapping m) => new([.. m.Items
        .Where(i => i is not Pair { Value: Scalar { Kind: ScalarKind.Null } or Sequence { Items.Length: 0 } })
        .Select(i => i is Pair p ? p with { Value = WithoutNulls(p.Value) } : i)]);

    private static Node WithoutNulls(Node n) => n switch
    {
        Mapping m => WithoutNulls(m),
        Sequence s => new Sequence([.. s.Items.Select(WithoutNulls)]),
        _ => n,
    };
}
