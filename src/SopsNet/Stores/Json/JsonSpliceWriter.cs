using System.Text;
using SopsNet.Tree;

namespace SopsNet.Stores.Json;

/// <summary>
/// Writes a tree back into the text it was parsed from: every token whose value is unchanged is
/// copied verbatim, changed values are rendered fresh in place, dropped members vanish with their
/// leading comma and whitespace, and new members go after the last one on their own line. Because
/// the <c>sops</c> member is appended right after the last data value, removing it later restores
/// the original bytes exactly.
/// </summary>
internal sealed class JsonSpliceWriter
{
    private readonly JsonOriginal original;
    private readonly byte[] bytes;
    private readonly string storeUnit;
    private readonly StringBuilder sb = new();

    public JsonSpliceWriter(JsonOriginal original, string storeUnit)
    {
        this.original = original;
        bytes = original.Bytes;
        this.storeUnit = storeUnit;
    }

    public bool Owns(object? source) => source switch
    {
        JsonContainerSource c => ReferenceEquals(c.Original, original),
        JsonScalarSource s => ReferenceEquals(s.Original, original),
        JsonMemberSource m => ReferenceEquals(m.Original, original),
        _ => false,
    };

    public byte[] Write(Mapping root, Mapping? metadata)
    {
        var source = (JsonContainerSource)root.Source!;

        // Fresh parts follow the file's own indentation unit when it has one (an object spread over
        // lines), so an appended sops block looks like the rest of the file; a tab-indented file gets
        // exactly what sops writes.
        var (newline, memberIndent, multiLine) = Layout(source, "", storeUnit, "\n");
        var renderer = new JsonRenderer(multiLine ? memberIndent : storeUnit, newline);

        sb.Append(Text(0, source.Start));
        WriteContainer(renderer, root, source, "", "", metadata);
        sb.Append(Text(source.End, bytes.Length));
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    private void WriteValue(JsonRenderer renderer, Node node, string path, string indent)
    {
        switch (node)
        {
            case Scalar scalar when scalar.Source is JsonScalarSource s && Owns(s) && s.Kind == scalar.Kind
                                    && s.Text == scalar.Text && scalar.Raw is null:
                sb.Append(Text(s.Start, s.End));
                break;
            case Mapping or Sequence when node.Source is JsonContainerSource c && Owns(c)
                                          && (bytes[c.Start] == (byte)'{') == node is Mapping:
                WriteContainer(renderer, node, c, path, indent, null);
                break;
            default:
                renderer.Render(sb, node, indent, path);
                break;
        }
    }

    private void WriteContainer(JsonRenderer renderer, Node node, JsonContainerSource c, string path, string lineIndent, Mapping? metadata)
    {
        var isMapping = node is Mapping;
        var items = isMapping
            ? ((Mapping)node).Items.Where(n => n is Pair).ToList()
            : ((Sequence)node).Items.Where(n => n is not Comment).ToList();

        if (c.FirstItemStart < 0)
        {
            if (items.Count == 0 && metadata is null)
            {
                sb.Append(Text(c.Start, c.End));
            }
            else if (node is Mapping m)
            {
                // Nothing in the original to splice into: lay the whole object out fresh.
                renderer.RenderMapping(sb, m, lineIndent, path, metadata);
            }
            else
            {
                renderer.Render(sb, node, lineIndent, path);
            }

            return;
        }

        var firstLead = Text(c.Start + 1, c.FirstItemStart);
        var (newline, memberIndent, _) = Layout(c, lineIndent, renderer.Unit, renderer.Newline);
        var opening = c.Start + 1;
        var emitted = 0;
        var lastEnd = opening;
        sb.Append((char)bytes[c.Start]);

        for (var i = 0; i < items.Count; i++)
        {
            var item = items[i];
            var itemPath = item is Pair p ? path + JsonStore.KeyPath(p.Key) : path + "[" + i + "]";
            var span = Span(item, c, lastEnd);
            if (span is { } found)
            {
                var (lead, itemStart, itemEnd) = found;
                // The first item written takes the original first item's leading whitespace; an item
                // that was first and no longer is gets its comma back.
                if (emitted == 0)
                {
                    sb.Append(firstLead);
                }
                else
                {
                    sb.Append(lead == opening ? "," : "").Append(Text(lead, itemStart));
                }

                if (item is Pair pair)
                {
                    var m = (JsonMemberSource)pair.Source!;
                    sb.Append(pair.Key == m.Key ? Text(m.KeyStart, m.KeyEnd) : JsonRenderer.Quote(pair.Key));
                    sb.Append(Text(m.KeyEnd, m.ValueStart));
                    WriteValue(renderer, pair.Value, itemPath, memberIndent);
                }
                else
                {
                    WriteValue(renderer, item, itemPath, memberIndent);
                }

                lastEnd = itemEnd;
            }
            else
            {
                sb.Append(emitted == 0 ? firstLead : "," + newline + memberIndent);
                if (item is Pair pair)
                {
                    sb.Append(JsonRenderer.Quote(pair.Key)).Append(": ");
                    renderer.Render(sb, pair.Value, memberIndent, itemPath);
                }
                else
                {
                    renderer.Render(sb, item, memberIndent, itemPath);
                }
            }

            emitted++;
        }

        if (metadata is not null)
        {
            sb.Append(emitted == 0 ? firstLead : "," + newline + memberIndent);
            sb.Append(JsonRenderer.Quote(JsonStore.MetadataKey)).Append(": ");
            renderer.Render(sb, metadata, memberIndent, path + JsonStore.KeyPath(JsonStore.MetadataKey));
            emitted++;
        }

        // With every item gone, write {} as sops would rather than keep orphaned whitespace.
        sb.Append(emitted == 0 ? Text(c.End - 1, c.End) : Text(c.TailStart, c.End));
    }

    /// <summary>
    /// The original span (lead, item start, item end) of an item that can be spliced: it comes from
    /// this container and lies after the previously written item (a reordered item is rendered fresh).
    /// </summary>
    private (int Lead, int Start, int End)? Span(Node item, JsonContainerSource c, int lastEnd)
    {
        (int Lead, int Start, int End)? span = item.Source switch
        {
            JsonMemberSource m when Owns(m) => (m.Lead, m.KeyStart, m.ValueEnd),
            JsonScalarSource s when Owns(s) && item is not Pair => (s.Lead, s.Start, s.End),
            JsonContainerSource k when Owns(k) && item is not Pair => (k.Lead, k.Start, k.End),
            _ => null,
        };
        return span is { } s2 && s2.Lead >= lastEnd && s2.Lead > c.Start && s2.End < c.End ? span : null;
    }

    /// <summary>
    /// The newline and member indentation of a container, read from the whitespace before its first
    /// item; an empty or one-line container gets its line's indentation plus one unit.
    /// </summary>
    private (string Newline, string MemberIndent, bool MultiLine) Layout(JsonContainerSource c, string lineIndent, string unit, string fallbackNewline)
    {
        var firstLead = c.FirstItemStart < 0 ? "" : Text(c.Start + 1, c.FirstItemStart);
        var nl = firstLead.LastIndexOf('\n');
        if (nl < 0)
        {
            return (fallbackNewline, lineIndent + unit, false);
        }

        var newline = nl > 0 && firstLead[nl - 1] == '\r' ? "\r\n" : "\n";
        return (newline, firstLead[(nl + 1)..], true);
    }

    private string Text(int from, int to) => Encoding.UTF8.GetString(bytes, from, to - from);
}
