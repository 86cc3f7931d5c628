using System.Collections.Immutable;
using SopsNet.Tree;

namespace SopsNet.Merge;

/// <summary>
/// An item of a mapping or list with the comments just before it: comments belong to the item they
/// precede, so they move, appear and disappear with it. <see cref="Item"/> is null for the comments after
/// the last item.
/// </summary>
internal sealed record ItemUnit(ImmutableArray<Comment> Comments, Node? Item)
{
    public string? Key => (Item as Pair)?.Key;

    public Node? Value => Item is Pair p ? p.Value : Item;

    public IEnumerable<Node> Nodes => Item is null ? Comments : Comments.Append(Item);

    /// <summary>Splits <paramref name="items"/> into units; the last unit holds the trailing comments (maybe none).</summary>
    public static (List<ItemUnit> Items, ImmutableArray<Comment> Trailing) Split(ImmutableArray<Node> items)
    {
        var units = new List<ItemUnit>();
        var comments = ImmutableArray.CreateBuilder<Comment>();
        foreach (var node in items)
        {
            if (node is Comment c)
            {
                comments.Add(c);
            }
            else
            {
                units.Add(new ItemUnit(comments.ToImmutable(), node));
                comments.Clear();
            }
        }

        return (units, comments.ToImmutable());
    }
}
