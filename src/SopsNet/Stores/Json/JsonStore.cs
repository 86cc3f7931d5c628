using System.Collections.Immutable;
using System.Text;
using SopsNet.Tree;

namespace SopsNet.Stores.Json;

/// <summary>
/// The JSON store. Parsing keeps the byte span of every token so that writing back into the original
/// changes only the values that changed; a fresh write uses sops 3.13's layout. The <c>sops</c>
/// member is appended after the last data value, indented like the file's own members (or with the
/// store's indent when the object is empty or on one line), and taken out again on the next parse.
/// Like sops, duplicate keys are not checked: they are kept, in order, and written back.
/// </summary>
public sealed class JsonStore : IStore
{
    internal const string MetadataKey = "sops";

    private readonly string unit;

    /// <param name="indent">-1: one tab (sops' default); 0: no indentation, still one element per
    /// line (as sops does); N: N spaces.</param>
    public JsonStore(int indent = -1)
    {
        if (indent < -1)
        {
            throw new ArgumentOutOfRangeException(nameof(indent), indent, "json indentation must be -1 (tab) or at least 0");
        }

        unit = indent == -1 ? "\t" : new string(' ', indent);
    }

    public StoreDocument Parse(byte[] content)
    {
        var original = new JsonOriginal(content);
        var parser = new JsonParser(original);
        var root = parser.ParseDocument();

        var sopsMembers = root.Items.OfType<Pair>().Where(p => p.Key == MetadataKey).ToList();
        Mapping? metadata = null;
        if (sopsMembers.Count > 1)
        {
            var (line, column) = original.Position(((JsonMemberSource)sopsMembers[1].Source!).KeyStart);
            throw new StoreException("json: the top-level object has more than one sops member", line, column, KeyPath(MetadataKey));
        }

        if (sopsMembers.Count == 1)
        {
            if (sopsMembers[0].Value is not Mapping sops)
            {
                var (line, column) = original.Position(((JsonMemberSource)sopsMembers[0].Source!).ValueStart);
                throw new StoreException("json: the top-level sops member must be an object", line, column, KeyPath(MetadataKey));
            }

            metadata = (Mapping)WithoutSources(sops);
            root = root with { Items = root.Items.Remove(sopsMembers[0]) };
        }

        // Warnings concern data values only; metadata is always rendered fresh.
        var warnings = parser.Warnings.Where(w => !w.Path.StartsWith(KeyPath(MetadataKey), StringComparison.Ordinal));
        return new StoreDocument([root], metadata)
        {
            Warnings = [.. warnings],
            Source = original,
        };
    }

    public byte[] Write(ImmutableArray<Mapping> documents, Mapping? metadata, StoreDocument? original)
    {
        if (documents.Length != 1)
        {
            throw new StoreException($"json: a file holds exactly one document, not {documents.Length}");
        }

        var root = documents[0];
        if (original?.Source is JsonOriginal source)
        {
            var writer = new JsonSpliceWriter(source, unit);
            if (root.Source is JsonContainerSource && writer.Owns(root.Source))
            {
                var written = writer.Write(root, metadata);
                return metadata is null && WrittenBySopsBefore310(original.Metadata) && written is [.., not (byte)'\n']
                    ? [.. written, (byte)'\n']
                    : written;
            }
        }

        var sb = new StringBuilder();
        new JsonRenderer(unit, "\n").RenderMapping(sb, root, "", "", metadata);
        sb.Append('\n');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>
    /// <paramref name="root"/> spliced into the text <paramref name="original"/> was parsed from, with a sops
    /// member when <paramref name="metadata"/> is given; null when it does not come from that text (it would be
    /// laid out afresh).
    /// </summary>
    internal byte[]? TryWriteSpliced(Mapping root, StoreDocument original, Mapping? metadata = null)
    {
        if (original.Source is not JsonOriginal source || root.Source is not JsonContainerSource)
        {
            return null;
        }

        var writer = new JsonSpliceWriter(source, unit);
        return writer.Owns(root.Source) ? writer.Write(root, metadata) : null;
    }

    /// <summary>
    /// sops 3.10 began to end JSON files with a newline, and its decrypt prints one whatever the file had.
    /// A file without one is either from an older sops (its <c>version</c> says so: print the newline, as
    /// sops 3.13 would) or one SopsNet encrypted from a plaintext without one (version 3.13.2: give the
    /// plaintext back as it was).
    /// </summary>
    internal static bool WrittenBySopsBefore310(Mapping? metadata)
    {
        var version = (metadata?["version"] as Scalar)?.Text ?? "";
        var core = version.Split('-', '+')[0];
        return Version.TryParse(core, out var v) && (v.Major < 3 || (v.Major == 3 && v.Minor < 10));
    }

    /// <summary>sops prints the value through json.Indent with the store's indent, and without the final newline its files get.</summary>
    public byte[] WriteValue(Node value) => Encoding.UTF8.GetBytes(GoJsonValue.Indented(value, unit));

    /// <summary>The tree path segment of a key, e.g. <c>["db"]</c>.</summary>
    internal static string KeyPath(string key) => "[" + JsonRenderer.Quote(key) + "]";

    private static Node WithoutSources(Node node) => node switch
    {
        Mapping m => new Mapping([.. m.Items.Select(WithoutSources)]),
        Sequence s => new Sequence([.. s.Items.Select(WithoutSources)]),
        Pair p => new Pair(p.Key, WithoutSources(p.Value)),
        Scalar s => s with { Source = null },
        _ => node with { Source = null },
    };
}
