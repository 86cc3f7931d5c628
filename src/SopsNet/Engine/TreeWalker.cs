using System.Collections.Immutable;
using SopsNet.Selection;
using SopsNet.Tree;

namespace SopsNet.Engine;

/// <summary>
/// Walks documents depth-first in document order, as sops's walkBranch does, and lets a visitor replace
/// each leaf and comment. It owns the two things every visitor needs and that are easy to get wrong: the
/// AAD path (mapping keys only, list indexes left out) and the active-comment stack of the selection rule.
/// </summary>
internal sealed class TreeWalker(SelectionRule rule, TreeWalker.Visitor visit)
{
    /// <summary>Returns the replacement for a <see cref="Scalar"/> or <see cref="Comment"/>.</summary>
    public delegate Node Visitor(Node leaf, LeafContext context);

    private readonly List<string> keys = [];

    // AAD prefixes, one per depth ("", "a:", "a:b:"), so a leaf's AAD is not rebuilt from its path.
    private readonly List<string> aads = [""];
    private readonly List<object> segments = [];
    private readonly CommentStack comments = new();

    public Mapping Walk(Mapping document) => (Mapping)WalkNode(document);

    private Node WalkNode(Node node) => node switch
    {
        Mapping m => WalkItems(m, m.Items, items => m with { Items = items }),
        Sequence s => WalkItems(s, s.Items, items => s with { Items = items }),
        Scalar { Kind: ScalarKind.Null } => node,
        Scalar => visit(node, Context(isComment: false)),
        _ => node,
    };

    private Node WalkItems(Node container, ImmutableArray<Node> items, Func<ImmutableArray<Node>, Node> rebuild)
    {
        comments.Push();
        ImmutableArray<Node>.Builder? changed = null;
        for (var i = 0; i < items.Length; i++)
        {
            var item = items[i];
            Node replacement;
            if (item is Comment c)
            {
                // The comment joins the stack before it is judged, so a marker comment can select itself.
                comments.Add(c.Text);
                replacement = visit(c, Context(isComment: true));
            }
            else if (item is Pair p)
            {
                keys.Add(p.Key);
                aads.Add(string.Concat(aads[^1], p.Key, ":"));
                segments.Add(p.Key);
                var value = WalkNode(p.Value);
                keys.RemoveAt(keys.Count - 1);
                aads.RemoveAt(aads.Count - 1);
                segments.RemoveAt(segments.Count - 1);
                replacement = ReferenceEquals(value, p.Value) ? p : p with { Value = value };
                comments.ClearLevel();
            }
            else
            {
                segments.Add(i);
                replacement = WalkNode(item);
                segments.RemoveAt(segments.Count - 1);
                comments.ClearLevel();
            }

            if (!ReferenceEquals(replacement, item))
            {
                changed ??= items.ToBuilder();
                changed[i] = replacement;
            }
        }

        comments.Pop();
        return changed is null ? container : rebuild(changed.MoveToImmutable());
    }

    private LeafContext Context(bool isComment) => new(
        aads[^1] is { Length: > 0 } aad ? aad : ":",
        rule.ShouldEncrypt(keys, comments, isComment),
        keys,
        segments);
}
