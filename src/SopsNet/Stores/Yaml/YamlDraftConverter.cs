using System.Collections.Immutable;
using SopsNet.Tree;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// Draft documents to the immutable tree: data nodes with their sources, the <c>sops</c> entries
/// taken out (the first document's becomes the metadata; later ones are dropped, as sops does), and
/// the document geometry the writer needs.
/// </summary>
internal sealed class YamlDraftConverter(string text, YamlFileSource file)
{
    public (Mapping Data, Mapping? Metadata, YamlDocumentSpan Span) Convert(YamlDraftDocument doc)
    {
        var root = doc.Root;
        var sopsItems = root.Items.Where(i => i.Key == "sops").ToList();
        var dataItems = root.Items.Where(i => i.Key != "sops").ToList();
        var data = (Mapping)Collection(root, dataItems).Node;
        Mapping? metadata = null;
        if (sopsItems.Count > 0 && sopsItems[0].Value is { } value)
        {
            metadata = Metadata(value) as Mapping
                       ?? throw new StoreException("sops metadata is not a mapping", value.Line, value.Column, "[\"sops\"]");
        }

        var spans = SopsSpans(sopsItems, dataItems);
        var maxEnd = 0;
        foreach (var span in ((YamlCollectionSource)data.Source!).Items)
        {
            if (doc.EndMarker < 0 || span.Start < doc.EndMarker)
            {
                maxEnd = Math.Max(maxEnd, span.End);
            }
        }

        var insertAt = maxEnd > 0 ? YamlText.AfterLine(text, maxEnd - 1) : doc.ContentStart;
        var needsNewline = insertAt == text.Length && insertAt > 0 && !YamlText.AfterBreak(text, insertAt);
        return (data, metadata, new YamlDocumentSpan(insertAt, needsNewline, root.ItemColumn, root.Flow, spans));
    }

    /// <summary>
    /// The text of the <c>sops</c> entries, cut out on write, without the lines of data comments among
    /// its lines: a comment line left of the block's keys (at column 0, say) belongs to the root mapping
    /// (see <see cref="YamlCommentPlacer"/>), so it is data and keeps its line. Cutting it with the block
    /// lost the comment, and when it was the last data item the fresh block too, which goes after it.
    /// </summary>
    private ImmutableArray<(int Start, int End)> SopsSpans(List<YamlDraftItem> sopsItems, List<YamlDraftItem> dataItems)
    {
        var spans = ImmutableArray.CreateBuilder<(int Start, int End)>();
        foreach (var item in sopsItems)
        {
            var start = YamlText.LineStart(text, item.Start);
            var end = YamlText.AfterLine(text, Math.Max(ItemEnd(item) - 1, item.Start));
            foreach (var comment in dataItems.Where(i => i.Comment is not null && i.StartsLine && i.Start >= start && i.Start < end))
            {
                // Its indentation goes too: at column 0 it reads back as the root's, where the block ended
                // a nested mapping that would take a comment at its own column (found by fuzzing, seed 606817696).
                if (comment.Start > start)
                {
                    spans.Add((start, comment.Start));
                }

                start = YamlText.AfterLine(text, comment.CommentEnd - 1);
            }

            if (end > start)
            {
                spans.Add((start, end));
            }
        }

        return spans.ToImmutable();
    }

    /// <summary>The node and the end of its text (see <see cref="NodeEnd(YamlDraftNode)"/>).</summary>
    private (Node Node, int End) Node(YamlDraftNode draft) => draft switch
    {
        YamlDraftScalar s => (s.Scalar, s.End),
        YamlDraftAlias a => (Copy(a.Target) with { Source = a.Source }, a.End),
        YamlDraftCollection c => Collection(c, c.Items),
        _ => throw new InvalidOperationException("unknown draft node"),
    };

    private (Node Node, int End) Collection(YamlDraftCollection c, List<YamlDraftItem> items)
    {
        // Speed: the ends of items and collections are computed here, bottom-up, once; computing them
        // per item with ItemEnd walked every subtree again at each level above it.
        var nodes = ImmutableArray.CreateBuilder<Node>(items.Count);
        var spans = ImmutableArray.CreateBuilder<YamlItemSpan>(items.Count);
        var maxEnd = int.MinValue;
        foreach (var item in items)
        {
            Node node;
            var itemEnd = Math.Max(item.KeyEnd, item.CommentEnd);
            if (item.Comment is not null)
            {
                node = item.Comment with
                {
                    Source = new YamlCommentSource(file, item.Start, item.CommentEnd, !item.StartsLine, item.Comment.Text),
                };
            }
            else if (item.Key is not null)
            {
                var (value, valueEnd) = Node(item.Value!);
                itemEnd = Math.Max(itemEnd, valueEnd);
                node = new Pair(item.Key, value)
                {
                    Source = new YamlPairSource(file, item.Key, item.KeyStart, item.KeyEnd, item.ColonEnd, itemEnd, item.KeyColumn, c.Flow),
                };
            }
            else
            {
                (node, var valueEnd) = Node(item.Value!);
                itemEnd = Math.Max(itemEnd, valueEnd);
            }

            nodes.Add(node);
            spans.Add(new YamlItemSpan(node.Source!, item.Start, itemEnd, item.StartsLine));
            maxEnd = Math.Max(maxEnd, itemEnd);
        }

        var end = c.Flow ? c.FlowEnd : items.Count == 0 ? c.Start : maxEnd;
        var appendAt = c.Flow ? c.FlowEnd : items.Count == 0 ? c.Start : YamlText.AfterLine(text, Math.Max(end - 1, 0));
        var source = new YamlCollectionSource(file, c.IsMapping, c.Flow, c.Start, c.Flow ? c.FlowEnd : end, c.ItemColumn, spans.MoveToImmutable())
        {
            Path = c.Path,
            AppendAt = appendAt,
            AppendNeedsNewline = appendAt == text.Length && appendAt > 0 && !YamlText.AfterBreak(text, appendAt),
        };
        Node collection = c.IsMapping
            ? new Mapping(nodes.MoveToImmutable()) { Source = source }
            : new Sequence(nodes.MoveToImmutable()) { Source = source };
        return (collection, end);
    }

    /// <summary>A source-less copy for an alias (comments inside the anchored node are not copied).</summary>
    private static Node Copy(YamlDraftNode draft) => draft switch
    {
        YamlDraftScalar s => s.Scalar with { Source = null },
        YamlDraftAlias a => Copy(a.Target),
        YamlDraftCollection { IsMapping: true } c => new Mapping([.. c.Items.Where(i => i.Key is not null).Select(i => (Node)new Pair(i.Key!, Copy(i.Value!)))]),
        YamlDraftCollection c => new Sequence([.. c.Items.Where(i => i.Comment is null).Select(i => Copy(i.Value!))]),
        _ => throw new InvalidOperationException("unknown draft node"),
    };

    /// <summary>
    /// The metadata as a generic tree: strings keep their text, except the ints and bools sops's
    /// metadata has (shamir_threshold, mac_only_encrypted). Comments are dropped.
    /// </summary>
    private static Node Metadata(YamlDraftNode draft) => draft switch
    {
        YamlDraftScalar s when s.Scalar.Kind == ScalarKind.Null => Scalar.Null,
        YamlDraftScalar { IsPlainUntagged: true, Scalar.Kind: ScalarKind.Int or ScalarKind.Bool } s => new Scalar(s.Scalar.Kind, s.Scalar.Text),
        YamlDraftScalar s => Scalar.String(s.RawValue),
        YamlDraftAlias a => Metadata(a.Target),
        YamlDraftCollection { IsMapping: true } c => new Mapping([.. c.Items.Where(i => i.Key is not null).Select(i => (Node)new Pair(i.Key!, Metadata(i.Value!)))]),
        YamlDraftCollection c => new Sequence([.. c.Items.Where(i => i.Comment is null).Select(i => Metadata(i.Value!))]),
        _ => throw new InvalidOperationException("unknown draft node"),
    };

    private static int ItemEnd(YamlDraftItem item) =>
        Math.Max(Math.Max(item.KeyEnd, item.CommentEnd), item.Value is null ? 0 : NodeEnd(item.Value));

    private static int NodeEnd(YamlDraftNode node) => node switch
    {
        YamlDraftCollection c => NodeEnd(c, c.Items),
        _ => node.End,
    };

    private static int NodeEnd(YamlDraftCollection c, List<YamlDraftItem> items) =>
        c.Flow ? c.FlowEnd : items.Select(ItemEnd).DefaultIfEmpty(c.Start).Max();
}
