using System.Collections.Immutable;
using SopsNet.Tree;

namespace SopsNet.Merge;

/// <summary>
/// Three-way merge of decrypted trees, at value level: what only one side changed is taken, what both
/// changed the same way is taken once, and what both changed differently is a conflict that keeps ours.
/// Mappings merge key by key in ours' order (keys only theirs added go after their predecessor in
/// theirs); lists merge item by item when base, ours and theirs have the same length, otherwise as one
/// value; comments travel with the item they precede.
/// </summary>
/// <remarks>
/// Nodes taken from ours keep their Source, so the store re-renders ours' text in place. Nodes taken
/// from theirs lose theirs: a Source points into theirs' text and would be misread against ours'. A
/// scalar replaced by theirs' scalar keeps ours' Source (as TreeEditor.Set does), so it stays in its place
/// and style.
/// </remarks>
internal sealed class TreeMerge
{
    private readonly List<MergeConflict> conflicts = [];
    private readonly List<object> path = [];

    private TreeMerge()
    {
    }

    /// <param name="baseDocuments">The common ancestor; null when there is none (every difference then conflicts).</param>
    /// <param name="ours">The side whose value wins a conflict.</param>
    /// <param name="theirs">The other side.</param>
    public static MergeResult Merge(ImmutableArray<Mapping>? baseDocuments, ImmutableArray<Mapping> ours, ImmutableArray<Mapping> theirs)
    {
        var merge = new TreeMerge();
        if (ours.Length != theirs.Length || (baseDocuments is { } b && b.Length != ours.Length))
        {
            // Documents have no keys to pair them by: a changed count is taken from the one side that
            // changed it, or resolved by hand.
            if (SameDocuments(ours, theirs) || (baseDocuments is { } b1 && SameDocuments(b1, theirs)))
            {
                return new MergeResult(ours, []);
            }

            return baseDocuments is { } b2 && SameDocuments(b2, ours)
                ? new MergeResult(theirs.Select(d => (Mapping)StripSource(d)).ToImmutableArray(), [])
                : new MergeResult(ours, [new MergeConflict(TreePath.Root, "the number of documents changed differently on both sides")]);
        }

        var merged = ours.Select((o, i) => (Mapping)merge.Value(baseDocuments?[i], o, theirs[i])).ToImmutableArray();
        return new MergeResult(merged, [.. merge.conflicts]);
    }

    private Node Value(Node? b, Node o, Node t)
    {
        if (TreeEquality.Equal(o, t) || (b is not null && TreeEquality.Equal(b, t)))
        {
            return o;
        }

        // Containers merge item by item even when only theirs changed, so ours' nodes (and with them
        // ours' layout in the text) stay wherever the value did not change.
        switch (o, t)
        {
            case (Mapping om, Mapping tm) when b is null or Mapping:
                return MergeMapping(b as Mapping, om, tm);
            case (Sequence os, Sequence ts) when b is Sequence bs && SameLength(bs, os, ts):
                return MergeSequence(bs, os, ts);
        }

        if (b is not null && TreeEquality.Equal(b, o))
        {
            return Adopt(o, t);
        }

        Conflict(b is null ? "added differently on both sides" : "changed differently on both sides");
        return o;
    }

    private Mapping MergeMapping(Mapping? b, Mapping o, Mapping t)
    {
        var (bUnits, bTrailing) = ItemUnit.Split(b?.Items ?? []);
        var (oUnits, oTrailing) = ItemUnit.Split(o.Items);
        var (tUnits, tTrailing) = ItemUnit.Split(t.Items);
        var baseByKey = bUnits.Where(u => u.Key is not null).GroupBy(u => u.Key!).ToDictionary(g => g.Key, g => g.First());
        var theirsByKey = tUnits.Where(u => u.Key is not null).GroupBy(u => u.Key!).ToDictionary(g => g.Key, g => g.First());
        var oursKeys = oUnits.Select(u => u.Key).OfType<string>().ToHashSet();

        var result = new List<ItemUnit>();
        foreach (var unit in oUnits)
        {
            var key = unit.Key!;
            baseByKey.TryGetValue(key, out var bu);
            path.Add(key);
            if (theirsByKey.TryGetValue(key, out var tu))
            {
                var comments = Comments(bu?.Comments, unit.Comments, tu.Comments);
                var value = Value(bu?.Value, unit.Value!, tu.Value!);
                result.Add(new ItemUnit(comments, ReferenceEquals(value, unit.Value) ? unit.Item : ((Pair)unit.Item!) with { Value = value }));
            }
            else if (bu is null)
            {
                result.Add(unit);
            }
            else if (!TreeEquality.Equal(bu.Value, unit.Value))
            {
                Conflict("changed on our side, deleted on theirs");
                result.Add(unit);
            }

            path.RemoveAt(path.Count - 1);
        }

        for (var i = 0; i < tUnits.Count; i++)
        {
            var unit = tUnits[i];
            var key = unit.Key!;
            if (oursKeys.Contains(key))
            {
                continue;
            }

            if (baseByKey.TryGetValue(key, out var bu))
            {
                if (!TreeEquality.Equal(bu.Value, unit.Value))
                {
                    path.Add(key);
                    Conflict("deleted on our side, changed on theirs");
                    path.RemoveAt(path.Count - 1);
                }

                continue;
            }

            // Added by theirs: placed after the nearest key before it in theirs that the result has.
            var at = 0;
            for (var j = i - 1; j >= 0; j--)
            {
                var index = result.FindIndex(u => u.Key == tUnits[j].Key);
                if (index >= 0)
                {
                    at = index + 1;
                    break;
                }
            }

            result.Insert(at, new ItemUnit(unit.Comments.Select(c => (Comment)StripSource(c)).ToImmutableArray(), StripSource(unit.Item!)));
        }

        var trailing = Comments(b is null ? null : bTrailing, oTrailing, tTrailing);
        var items = result.SelectMany(u => u.Nodes).Concat(trailing).ToImmutableArray();
        return Same(items, o.Items) ? o : o with { Items = items };
    }

    private Sequence MergeSequence(Sequence b, Sequence o, Sequence t)
    {
        var (bUnits, bTrailing) = ItemUnit.Split(b.Items);
        var (oUnits, oTrailing) = ItemUnit.Split(o.Items);
        var (tUnits, tTrailing) = ItemUnit.Split(t.Items);
        var result = new List<Node>();
        for (var i = 0; i < oUnits.Count; i++)
        {
            path.Add(i);
            result.AddRange(Comments(bUnits[i].Comments, oUnits[i].Comments, tUnits[i].Comments));
            result.Add(Value(bUnits[i].Item, oUnits[i].Item!, tUnits[i].Item!));
            path.RemoveAt(path.Count - 1);
        }

        result.AddRange(Comments(bTrailing, oTrailing, tTrailing));
        var items = result.ToImmutableArray();
        return Same(items, o.Items) ? o : o with { Items = items };
    }

    /// <summary>The comments before one item, merged as one block (they rarely change on both sides at once).</summary>
    private ImmutableArray<Comment> Comments(ImmutableArray<Comment>? b, ImmutableArray<Comment> o, ImmutableArray<Comment> t)
    {
        if (SameText(o, t) || (b is { } b1 && SameText(b1, t)))
        {
            return o;
        }

        if (b is { } b2 && SameText(b2, o))
        {
            return t.Select(c => (Comment)StripSource(c)).ToImmutableArray();
        }

        Conflict("its comments changed differently on both sides");
        return o;
    }

    private void Conflict(string reason) => conflicts.Add(new MergeConflict(new TreePath(path.ToArray()), reason));

    /// <summary>Theirs' value in ours' place: a scalar keeps ours' node (and so its place and style in the text).</summary>
    private static Node Adopt(Node o, Node t) => (o, t) switch
    {
        (Scalar os, Scalar ts) => os with { Kind = ts.Kind, Text = ts.Text, Raw = ts.Raw },
        _ => StripSource(t),
    };

    /// <summary>A copy without Source handles anywhere below: theirs' handles mean nothing in ours' text.</summary>
    public static Node StripSource(Node node) => node switch
    {
        Mapping m => new Mapping(m.Items.Select(StripSource).ToImmutableArray()),
        Sequence s => new Sequence(s.Items.Select(StripSource).ToImmutableArray()),
        Pair p => new Pair(p.Key, StripSource(p.Value)),
        Scalar s => new Scalar(s.Kind, s.Text) { Raw = s.Raw },
        Comment c => new Comment(c.Text),
        _ => node,
    };

    private static bool SameDocuments(ImmutableArray<Mapping> a, ImmutableArray<Mapping> b) =>
        a.Length == b.Length && a.Zip(b).All(x => TreeEquality.Equal(x.First, x.Second));

    private static bool SameLength(Sequence b, Sequence o, Sequence t)
    {
        static int Count(Sequence s) => s.Items.Count(i => i is not Comment);
        return Count(b) == Count(o) && Count(o) == Count(t);
    }

    private static bool SameText(ImmutableArray<Comment> a, ImmutableArray<Comment> b) =>
        a.Length == b.Length && a.Zip(b).All(x => x.First.Text == x.Second.Text);

    private static bool Same(ImmutableArray<Node> a, ImmutableArray<Node> b) =>
        a.Length == b.Length && a.Zip(b).All(x => ReferenceEquals(x.First, x.Second));
}
