using System.Collections.Immutable;
using System.Globalization;
using SopsNet.Tree;

namespace SopsNet.Stores.Flat;

/// <summary>
/// sops's flattening of the metadata tree for the formats that only hold flat key/value pairs (dotenv,
/// INI): a nested mapping key is introduced by <c>__map_</c> and a list element by <c>__list_N</c>, so
/// <c>pgp[0].enc</c> becomes <c>pgp__list_0__map_enc</c>. Values are strings; newlines inside them are
/// written as the two characters <c>\n</c> (docs/format.md §6.3, §6.4).
/// </summary>
internal static class FlatMetadata
{
    private const string MapSeparator = "__map_";
    private const string ListSeparator = "__list_";

    /// <summary>
    /// The flattened leaves in the order sops 3.13 writes them: a walk of the metadata tree with every
    /// mapping's keys sorted. Empty lists and mappings and nulls give no line. Values are not escaped.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Flatten(Mapping metadata)
    {
        var result = new List<KeyValuePair<string, string>>();
        foreach (var pair in metadata.Pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Walk(pair.Key, pair.Value, result);
        }

        return result;
    }

    private static void Walk(string path, Node node, List<KeyValuePair<string, string>> result)
    {
        switch (node)
        {
            case Mapping m:
                foreach (var pair in m.Pairs.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    Walk(path + MapSeparator + pair.Key, pair.Value, result);
                }

                break;
            case Sequence s:
                // Indexes count elements only, never comments.
                var index = 0;
                foreach (var item in s.Items.Where(i => i is not Comment))
                {
                    Walk(path + ListSeparator + index.ToString(CultureInfo.InvariantCulture), item, result);
                    index++;
                }

                break;
            case Scalar { Kind: ScalarKind.Null }:
                break;
            case Scalar scalar:
                result.Add(new(path, scalar.Text));
                break;
        }
    }

    /// <summary>The two-character escape sops applies to newlines in flattened values (and dotenv data).</summary>
    public static string EscapeNewlines(string value) => value.Replace("\n", "\\n", StringComparison.Ordinal);

    public static string UnescapeNewlines(string value) => value.Replace("\\n", "\n", StringComparison.Ordinal);

    /// <summary>
    /// Rebuilds the metadata mapping from flattened entries (any order; mappings keep the order of first
    /// appearance). Every value becomes a string scalar: the core's MetadataCodec converts "2" and "true"
    /// itself. Lists must be complete (0..n-1); a path cannot be both a value and a container, nor appear
    /// twice — all <see cref="StoreException"/>s naming the line.
    /// </summary>
    public static Mapping Unflatten(IEnumerable<FlatEntry> entries, string format)
    {
        var root = new Branch(isList: false);
        foreach (var entry in entries)
        {
            var segments = Tokenize(entry, format);
            var branch = root;
            for (var i = 0; i < segments.Count - 1; i++)
            {
                branch = branch.Child(segments[i], segments[i + 1] is int, entry, format);
            }

            branch.SetLeaf(segments[^1], entry, format);
        }

        return (Mapping)root.Build(format, "");
    }

    /// <summary>Splits <c>a__list_0__map_b</c> into <c>["a", 0, "b"]</c>.</summary>
    private static List<object> Tokenize(FlatEntry entry, string format)
    {
        var segments = new List<object>();
        var key = entry.Key;
        var (next, nextIsList) = FindSeparator(key, 0);
        segments.Add(key[..next]);
        while (next < key.Length)
        {
            var start = next + (nextIsList ? ListSeparator.Length : MapSeparator.Length);
            var isList = nextIsList;
            (next, nextIsList) = FindSeparator(key, start);
            var token = key[start..next];
            if (!isList)
            {
                segments.Add(token);
            }
            else if (token.Length > 0 && token.All(char.IsAsciiDigit)
                && int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var index))
            {
                segments.Add(index);
            }
            else
            {
                throw new StoreException($"{format}: metadata key has a list index that is not a number", entry.Line, entry.Column);
            }
        }

        return segments;
    }

    private static (int Index, bool IsList) FindSeparator(string key, int from)
    {
        var map = key.IndexOf(MapSeparator, from, StringComparison.Ordinal);
        var list = key.IndexOf(ListSeparator, from, StringComparison.Ordinal);
        if (map < 0 && list < 0)
        {
            return (key.Length, false);
        }

        return list >= 0 && (map < 0 || list < map) ? (list, true) : (map, false);
    }

    /// <summary>A node under construction: a mapping (string keys, first-seen order) or a list (int keys).</summary>
    private sealed class Branch(bool isList)
    {
        private readonly List<object> order = [];
        private readonly Dictionary<object, object> children = [];

        // The line that created each child, for errors found only when the tree is built.
        private readonly Dictionary<object, FlatEntry> origins = [];

        public bool IsList { get; } = isList;

        public Branch Child(object segment, bool childIsList, FlatEntry entry, string format)
        {
            CheckKind(segment, entry, format);
            if (children.TryGetValue(segment, out var existing))
            {
                if (existing is Branch b && b.IsList == childIsList)
                {
                    return b;
                }

                throw new StoreException($"{format}: metadata key is used both as a value and as a container, or as a list and a map", entry.Line, entry.Column);
            }

            var child = new Branch(childIsList);
            order.Add(segment);
            children[segment] = child;
            origins[segment] = entry;
            return child;
        }

        public void SetLeaf(object segment, FlatEntry entry, string format)
        {
            CheckKind(segment, entry, format);
            if (children.ContainsKey(segment))
            {
                throw new StoreException($"{format}: metadata key appears twice, or is both a value and a container", entry.Line, entry.Column);
            }

            order.Add(segment);
            children[segment] = entry;
            origins[segment] = entry;
        }

        private void CheckKind(object segment, FlatEntry entry, string format)
        {
            if ((segment is int) != IsList)
            {
                throw new StoreException($"{format}: metadata key mixes list indexes and map keys at the same level", entry.Line, entry.Column);
            }
        }

        public Node Build(string format, string path)
        {
            if (!IsList)
            {
                return new Mapping(order.Select(k => (Node)new Pair((string)k, BuildChild(k, format, path))).ToImmutableArray());
            }

            var count = children.Count;
            for (var i = 0; i < count; i++)
            {
                if (!children.ContainsKey(i))
                {
                    var beyond = origins[children.Keys.Cast<int>().First(k => k >= count)];
                    throw new StoreException($"{format}: metadata list {path} misses element {i}", beyond.Line, beyond.Column);
                }
            }

            return new Sequence(Enumerable.Range(0, count).Select(i => BuildChild(i, format, path)).ToImmutableArray());
        }

        private Node BuildChild(object key, string format, string path) => children[key] switch
        {
            Branch b => b.Build(format, path + (key is int i ? ListSeparator + i.ToString(CultureInfo.InvariantCulture) : (path.Length == 0 ? "" : MapSeparator) + key)),
            FlatEntry e => Scalar.String(e.Value),
            _ => throw new InvalidOperationException("unreachable"),
        };
    }
}
