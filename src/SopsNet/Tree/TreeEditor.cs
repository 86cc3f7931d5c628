using System.Collections.Immutable;

namespace SopsNet.Tree;

/// <summary>
/// Edits by tree path (sops's <c>set</c>/<c>unset</c>), returning new trees. A scalar replaced by a scalar
/// keeps its node's Source, so a source-faithful store re-renders it in place, in its original style.
/// </summary>
public static class TreeEditor
{
    /// <summary>
    /// Sets the value at <paramref name="path"/>, creating missing mapping keys (and nested mappings for the
    /// rest of the path) as sops does; an index may address an existing item or the end of a list.
    /// </summary>
    public static Mapping Set(Mapping root, TreePath path, Node value)
    {
        if (path.Segments.Count == 0)
        {
            throw new TreeEditException("the path is empty; give at least one key, e.g. [\"key\"]");
        }

        // The stores refuse to read a file nested deeper (the recursion after parsing must fit the stack),
        // so a set must not write one; checked before the recursive edit, which the limit also protects.
        var levels = path.Segments.Count + Levels(value);
        if (levels > Stores.NestingLimit.MaxLevels)
        {
            throw new TreeEditException($"the path and the value would nest {levels} levels deep; a file may nest at most {Stores.NestingLimit.MaxLevels}");
        }

        return (Mapping)SetAt(root, path.Segments, 0, value, path);
    }

    /// <summary>Removes the key or item at <paramref name="path"/>; throws when it does not exist.</summary>
    public static Mapping Unset(Mapping root, TreePath path)
    {
        if (path.Segments.Count == 0)
        {
            throw new TreeEditException("the path is empty; give at least one key, e.g. [\"key\"]");
        }

        return (Mapping)UnsetAt(root, path.Segments, 0, path);
    }

    public static Node? Get(Mapping root, TreePath path)
    {
        Node? node = root;
        foreach (var segment in path.Segments)
        {
            node = (node, segment) switch
            {
                (Mapping m, string key) => m[key],
                (Sequence s, int i) => Values(s).ElementAtOrDefault(i).Node,
                _ => null,
            };
            if (node is null)
            {
                return null;
            }
        }

        return node;
    }

    private static Node SetAt(Node node, IReadOnlyList<object> segments, int depth, Node value, TreePath path)
    {
        if (depth == segments.Count)
        {
            return node is Scalar old && value is Scalar replacement
                ? old with { Kind = replacement.Kind, Text = replacement.Text, Raw = replacement.Raw }
                : value;
        }

        switch (node, segments[depth])
        {
            case (Mapping m, string key):
                for (var i = 0; i < m.Items.Length; i++)
                {
                    if (m.Items[i] is Pair p && p.Key == key)
                    {
                        return m with { Items = m.Items.SetItem(i, p with { Value = SetAt(p.Value, segments, depth + 1, value, path) }) };
                    }
                }

                return m with { Items = m.Items.Add(new Pair(key, Build(segments, depth + 1, value, path))) };
            case (Sequence s, int index):
                var items = Values(s).ToList();
                if (index < items.Count)
                {
                    var (child, at) = items[index];
                    return s with { Items = s.Items.SetItem(at, SetAt(child, segments, depth + 1, value, path)) };
                }

                if (index == items.Count)
                {
                    return s with { Items = s.Items.Add(Build(segments, depth + 1, value, path)) };
                }

                throw new TreeEditException($"{Prefix(path, depth)}: index {index} is past the end of a list of {items.Count}");
            default:
                throw new TreeEditException($"{Prefix(path, depth)}: is a {Describe(node)}, which has no {(segments[depth] is int ? "index" : "key")} {Show(segments[depth])}");
        }
    }

    private static Node Build(IReadOnlyList<object> segments, int depth, Node value, TreePath path)
    {
        if (depth == segments.Count)
        {
            return value;
        }

        return segments[depth] is string key
            ? new Mapping([new Pair(key, Build(segments, depth + 1, value, path))])
            : (int)segments[depth] == 0
                ? new Sequence([Build(segments, depth + 1, value, path)])
                : throw new TreeEditException($"{Prefix(path, depth)}: cannot create a list at index {segments[depth]}; start at [0]");
    }

    private static Node UnsetAt(Node node, IReadOnlyList<object> segments, int depth, TreePath path)
    {
        var last = depth == segments.Count - 1;
        switch (node, segments[depth])
        {
            case (Mapping m, string key):
                for (var i = 0; i < m.Items.Length; i++)
                {
                    if (m.Items[i] is Pair p && p.Key == key)
                    {
                        return m with { Items = last ? m.Items.RemoveAt(i) : m.Items.SetItem(i, p with { Value = UnsetAt(p.Value, segments, depth + 1, path) }) };
                    }
                }

                break;
            case (Sequence s, int index):
                var items = Values(s).ToList();
                if (index < items.Count)
                {
                    var (child, at) = items[index];
                    return s with { Items = last ? s.Items.RemoveAt(at) : s.Items.SetItem(at, UnsetAt(child, segments, depth + 1, path)) };
                }

                break;
        }

        throw new TreeEditException($"{path}: no such key or index in the file");
    }

    /// <summary>How many mappings and lists nest in <paramref name="node"/>, counted without recursion (it may be deep).</summary>
    private static int Levels(Node node)
    {
        var deepest = 0;
        var pending = new Stack<(Node Node, int Above)>([(node, 0)]);
        while (pending.TryPop(out var item))
        {
            var (current, above) = item;
            var children = current switch
            {
                Mapping m => m.Pairs.Select(p => p.Value),
                Sequence s => s.Items.Where(i => i is not Comment),
                _ => null,
            };
            if (children is null)
            {
                continue;
            }

            deepest = Math.Max(deepest, above + 1);
            foreach (var child in children)
            {
                pending.Push((child, above + 1));
            }
        }

        return deepest;
    }

    /// <summary>List items that are values, with their position among all items (comments included).</summary>
    private static IEnumerable<(Node Node, int At)> Values(Sequence s) =>
        s.Items.Select((n, i) => (n, i)).Where(x => x.n is not Comment);

    private static string Prefix(TreePath path, int depth) => new TreePath(path.Segments.Take(depth).ToArray()).ToString();

    private static string Show(object segment) => segment is int i ? i.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"\"{segment}\"";

    private static string Describe(Node node) => node switch
    {
        Mapping => "mapping",
        Sequence => "list",
        _ => "value",
    };
}
