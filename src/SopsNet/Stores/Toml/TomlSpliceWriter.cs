using System.Text;
using SopsNet.Tree;

namespace SopsNet.Stores.Toml;

/// <summary>
/// Writes a tree back into the text it was parsed from: each value or comment that changed is re-spelled
/// in place (in its token's style), every other character is copied. Returns null when the tree no
/// longer has the original's shape (a node was added or removed), and the store emits it fresh.
/// </summary>
internal sealed class TomlSpliceWriter(TomlOriginal original)
{
    private readonly List<(int Start, int Length, string Text)> splices = [];
    private int sourced;

    public string? TryWrite(Mapping root)
    {
        if (!Visit(root, null) || sourced != original.SourcedNodes)
        {
            return null;
        }

        splices.Sort((a, b) => a.Start.CompareTo(b.Start));
        var sb = new StringBuilder(original.DataEnd + (splices.Count * 64));
        var at = 0;
        foreach (var (start, length, text) in splices)
        {
            sb.Append(original.Text, at, start - at).Append(text);
            at = start + length;
        }

        return sb.Append(original.Text, at, original.DataEnd - at).ToString();
    }

    private bool Visit(Node node, TomlValueSource? slot)
    {
        switch (node)
        {
            case Mapping or Sequence when node.Source is TomlContainerSource c && c.Original == original:
                sourced++;
                var items = node is Mapping m ? m.Items : ((Sequence)node).Items;
                return items.All(item => item is Pair p
                    ? Visit(p.Value, p.Source is TomlValueSource s && s.Original == original ? s : null)
                    : Visit(item, null));
            case Comment comment when comment.Source is TomlCommentSource c && c.Original == original:
                sourced++;
                if (comment.Text != c.Text)
                {
                    if (comment.Text.Contains('\n') || comment.Text.Contains('\r'))
                    {
                        throw new StoreException("toml: a comment cannot hold a line break");
                    }

                    splices.Add((c.Start, c.Length, "#" + comment.Text));
                }

                return true;
            case Scalar scalar:
                var source = scalar.Source is TomlValueSource own && own.Original == original ? own : slot;
                if (source is null)
                {
                    return false;
                }

                sourced++;
                if (scalar.Kind != source.Kind || scalar.Text != source.Text || scalar.Raw is not null)
                {
                    splices.Add((source.Start, source.Length, TomlScalarRenderer.Render(scalar, source.Style, source.OpeningBreak, "")));
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>How many nodes of a freshly parsed tree carry a source (the count a faithful tree must match).</summary>
    public static int CountSourced(Node node) => node switch
    {
        Mapping m => 1 + m.Items.Sum(CountSourced),
        Sequence s => 1 + s.Items.Sum(CountSourced),
        Pair p => CountSourced(p.Value),
        _ => 1,
    };
}
