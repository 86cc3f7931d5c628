using SopsNet.Tree;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// Puts every comment of a document into the collection sops would give it, which decides its AAD
/// (the path of that collection). This approximates go-yaml v3's comment attachment as sops 3.13
/// flattens it: an own-line comment belongs to the innermost open block collection whose items start
/// at a column at or left of the comment, before the next item (a head comment of a nested key lands
/// in the nested mapping, one at column 0 at the top level: corpus example.yaml and
/// comments.enc.yaml); an inline comment goes just before the entry it follows, as sops 3.13 stores
/// line comments; inside flow collections the innermost enclosing brackets win.
/// </summary>
internal static class YamlCommentPlacer
{
    public static void Place(YamlDraftDocument doc, string text)
    {
        // Binary searches over the sorted tokens keep this linear in practice: a 10 MB file has a
        // quarter of a million tokens and thousands of comments.
        var tokens = IsSorted(doc.Tokens, (a, b) => a.Start.CompareTo(b.Start))
            ? doc.Tokens
            : doc.Tokens.OrderBy(t => t.Start).ToList();
        var starts = tokens.Select(t => t.Start).ToArray();
        var flows = new YamlOpenFlows(doc.Collections.Where(c => c.Flow).ToList()); // comments come in text order
        foreach (var (start, end, inline, column) in doc.Comments)
        {
            var comment = new YamlDraftItem
            {
                Comment = new Comment(text[(start + 1)..end]),
                CommentEnd = end,
                Start = start,
                SortPos = start,
                SortTie = start,
                StartsLine = !inline,
            };

            var flow = flows.InnermostAround(start);
            var firstAtOrAfter = LowerBound(starts, start);
            if (inline)
            {
                var before = firstAtOrAfter > 0 ? tokens[firstAtOrAfter - 1] : null;
                if (before is not null && (flow is null || before.Owner == flow || IsInside(before.Owner, flow)))
                {
                    var owner = before.Owner;
                    if (before.Item is not null)
                    {
                        comment.SortPos = before.Item.SortPos;
                        comment.SortRank = 0;
                    }

                    InsertSorted(owner.Items, comment);
                    continue;
                }
            }

            if (flow is not null)
            {
                InsertSorted(flow.Items, comment);
                continue;
            }

            var prev = PreviousByEnd(tokens, firstAtOrAfter, start);
            var next = firstAtOrAfter < tokens.Count ? tokens[firstAtOrAfter] : null;
            var candidates = Chain(prev?.Owner).Concat(Chain(next?.Owner)).Where(c => !c.Flow).Distinct().ToList();
            var target = candidates.Where(c => c.ItemColumn <= column).MaxBy(c => c.Depth)
                         ?? candidates.MinBy(c => c.Depth)
                         ?? doc.Root;
            InsertSorted(target.Items, comment);
        }

        foreach (var c in doc.Collections.Append(doc.Root).Distinct())
        {
            if (IsSorted(c.Items, CompareItems))
            {
                continue;
            }

            var sorted = c.Items.OrderBy(i => i.SortPos).ThenBy(i => i.SortRank).ThenBy(i => i.SortTie).ToList();
            c.Items.Clear();
            c.Items.AddRange(sorted);
        }
    }

    /// <summary>
    /// Speed: a comment near its place (a head comment in every mapping of a large file) goes straight
    /// there instead of costing a sort per mapping. One that belongs far from the end (the trailing
    /// comment of each entry of a long flat mapping, placed after all its entries were read) is appended
    /// and left to the one sort below: walking back and inserting there was quadratic. The order is
    /// strict (no two items compare equal), so both routes give the same result.
    /// </summary>
    private static void InsertSorted(List<YamlDraftItem> items, YamlDraftItem comment)
    {
        const int NearEnd = 16;
        var at = items.Count;
        while (at > 0 && items.Count - at < NearEnd && CompareItems(items[at - 1], comment) > 0)
        {
            at--;
        }

        if (at > 0 && CompareItems(items[at - 1], comment) > 0)
        {
            items.Add(comment);
            return;
        }

        items.Insert(at, comment);
    }

    private static int CompareItems(YamlDraftItem a, YamlDraftItem b)
    {
        var byPos = a.SortPos.CompareTo(b.SortPos);
        return byPos != 0 ? byPos : a.SortRank != b.SortRank ? a.SortRank.CompareTo(b.SortRank) : a.SortTie.CompareTo(b.SortTie);
    }

    /// <summary>
    /// Speed: tokens and items are built in text order, so they are nearly always sorted already and
    /// the (stable) sort, which would leave them as they are, can be skipped; only collections that
    /// received a comment out of order need it.
    /// </summary>
    private static bool IsSorted<T>(List<T> list, Comparison<T> compare)
    {
        for (var i = 1; i < list.Count; i++)
        {
            if (compare(list[i - 1], list[i]) > 0)
            {
                return false;
            }
        }

        return true;
    }

    private static int LowerBound(int[] sorted, int value)
    {
        var index = Array.BinarySearch(sorted, value);
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && sorted[index - 1] == value)
        {
            index--;
        }

        return index;
    }

    /// <summary>
    /// The token ending last at or before <paramref name="start"/>. Content tokens do not overlap, so
    /// going back from the first token at or after the comment, the first one that has ended is it.
    /// </summary>
    private static YamlDraftToken? PreviousByEnd(List<YamlDraftToken> tokens, int firstAtOrAfter, int start)
    {
        for (var i = firstAtOrAfter - 1; i >= 0; i--)
        {
            if (tokens[i].End <= start)
            {
                return tokens[i];
            }
        }

        return null;
    }

    private static bool IsInside(YamlDraftCollection c, YamlDraftCollection ancestor)
    {
        for (var p = c.Parent; p is not null; p = p.Parent)
        {
            if (p == ancestor)
            {
                return true;
            }
        }

        return false;
    }

    private static IEnumerable<YamlDraftCollection> Chain(YamlDraftCollection? c)
    {
        for (; c is not null; c = c.Parent)
        {
            yield return c;
        }
    }
}
