using System.Collections.Immutable;
using System.Text;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Engine;

/// <summary>
/// Checks the bytes a write is about to put in place before anything is replaced: they must read back,
/// with the store that wrote them, as exactly what was meant. A writer bug (a lost <c>sops</c> block, a
/// value left in clear, metadata copied into a plaintext) then costs one refused write instead of a file
/// whose secrets are gone or exposed. Cost: one parse and one in-memory decryption of the output.
/// <para>
/// Trees are compared, not bytes: where a store writes a canonical form (a folded scalar re-laid out, a
/// date as RFC 3339), that form is the store's own output and reads back as the same tree. When the
/// output format differs from the input's (<c>conversion</c>), what the target format cannot hold is not
/// compared: comments (JSON has none) and value types (dotenv and INI values are all strings).
/// </para>
/// Every failure is a <see cref="SopsException"/> with <see cref="SopsError.ErrorDumpingTree"/> whose one
/// line names the tree path and never a value.
/// </summary>
public static class OutputVerifier
{
    /// <summary>
    /// Checks an encrypted output: it parses, carries the complete metadata meant for it, decrypts with
    /// <paramref name="dataKey"/> (MAC included) to <paramref name="plaintext"/>, and shows no plaintext of
    /// an encrypted value outside the envelopes. <paramref name="original"/> is the document the output was
    /// spliced into (null when it was written fresh).
    /// </summary>
    public static void VerifyEncrypted(
        IStore store, byte[] output, ImmutableArray<Mapping> plaintext, SopsMetadata metadata, byte[] dataKey, bool conversion, StoreDocument? original = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(metadata);
        ArgumentNullException.ThrowIfNull(dataKey);
        CheckComplete(metadata);
        var meant = MetadataCodec.Write(metadata);
        if (!ReadsBackInEntries(store, output, plaintext, meant, dataKey, conversion))
        {
            ReadsBackWhole(store, output, plaintext, meant, dataKey, conversion);
        }

        if (PlaintextLeakDetector.FindLeak(output, () => ClearRendering(store, plaintext, metadata, original), plaintext, metadata) is { } leak)
        {
            throw Refused($"{leak}: the plaintext of this encrypted value occurs in the output outside its envelope");
        }
    }

    /// <summary>
    /// Speed and memory: a YAML output whose shape allows is read back one top-level entry at a time
    /// (<see cref="ChunkedReadBack"/>), each entry compared with the plaintext's items at its place as the
    /// whole-file comparison would, and then the MAC of all of them checked. Only a pass counts: anything
    /// else (a conversion, a shape not split, any difference) gives false and the output is read whole, so a
    /// refusal always comes from, and is worded by, the whole-file check.
    /// </summary>
    internal static bool ReadsBackInEntries(IStore store, byte[] output, ImmutableArray<Mapping> plaintext, Mapping meant, byte[] dataKey, bool conversion)
    {
        if (store is not YamlStore yaml || conversion || plaintext is not [var expected])
        {
            return false;
        }

        var at = 0;
        bool Matches(Mapping entry)
        {
            var count = entry.Items.Length;
            if (at + count > expected.Items.Length ||
                Items(expected.Items.Slice(at, count), entry.Items, [], compareKinds: true, compareComments: true) is not null)
            {
                return false;
            }

            at += count;
            return true;
        }

        if (ChunkedReadBack.TryRead(yaml, output, dataKey, Matches) is not { } reading || at != expected.Items.Length ||
            reading.UndecryptableComments.Count > 0 || MetadataDifference(meant, reading.Metadata, ["sops"]) is not null)
        {
            return false;
        }

        try
        {
            SopsEngine.VerifyMac(MetadataCodec.Read(reading.Metadata), dataKey, reading.Mac);
            return true;
        }
        catch (SopsException)
        {
            return false;
        }
    }

    private static void ReadsBackWhole(IStore store, byte[] output, ImmutableArray<Mapping> plaintext, Mapping meant, byte[] dataKey, bool conversion)
    {
        var parsed = Parse(store, output);
        if (parsed.Metadata is null)
        {
            throw Refused("[\"sops\"]: is missing from the output");
        }

        if (MetadataDifference(meant, parsed.Metadata, ["sops"]) is { } metadataDifference)
        {
            throw Refused(metadataDifference);
        }

        // The trees are compared before the MAC is checked, so that a lost or changed value is named.
        var read = MetadataCodec.Read(parsed.Metadata);
        using var decryptor = new TreeDecryptor(dataKey, read.Rule, read.MacOnlyEncrypted) { RecordsIvs = false };
        ImmutableArray<Mapping> decrypted;
        string mac;
        try
        {
            (decrypted, mac) = decryptor.Decrypt(parsed.Documents);
        }
        catch (SopsException e)
        {
            throw Refused($"it does not decrypt: {e.Message}");
        }

        ReadsAs(plaintext, decrypted, mac, decryptor.UndecryptableComments, read, dataKey, conversion);
    }

    /// <summary>The decrypted reading of the output holds <paramref name="plaintext"/>, every comment decrypted, and its MAC is the metadata's.</summary>
    private static void ReadsAs(
        ImmutableArray<Mapping> plaintext, ImmutableArray<Mapping> decrypted, string mac, List<string> undecryptableComments, SopsMetadata read, byte[] dataKey, bool conversion)
    {
        if (undecryptableComments.Count > 0)
        {
            throw Refused($"{undecryptableComments[0]}: an encrypted comment does not decrypt");
        }

        CompareDocuments(plaintext, decrypted, conversion);
        try
        {
            SopsEngine.VerifyMac(read, dataKey, mac);
        }
        catch (SopsException e)
        {
            throw Refused($"[\"sops\"][\"mac\"]: {e.Message}");
        }
    }

    /// <summary>
    /// The output as it would be with every value in clear: the plaintext written like the output was (into
    /// <paramref name="original"/>, or fresh), metadata included. Null when the store cannot write it.
    /// </summary>
    private static string? ClearRendering(IStore store, ImmutableArray<Mapping> plaintext, SopsMetadata metadata, StoreDocument? original)
    {
        try
        {
            return Encoding.UTF8.GetString(store.Write(plaintext, MetadataCodec.Write(metadata), original));
        }
        catch (StoreException)
        {
            return null;
        }
    }

    /// <summary>Checks a decrypted output: it parses to <paramref name="plaintext"/> and has no sops metadata.</summary>
    public static void VerifyDecrypted(IStore store, byte[] output, ImmutableArray<Mapping> plaintext, bool conversion)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(output);
        var parsed = Parse(store, output);
        if (parsed.Metadata is not null)
        {
            throw Refused("the decrypted output still has sops metadata");
        }

        CompareDocuments(plaintext, parsed.Documents, conversion);
    }

    internal static void CheckComplete(SopsMetadata metadata)
    {
        var missing = string.IsNullOrEmpty(metadata.LastModified) ? "lastmodified"
            : string.IsNullOrEmpty(metadata.Mac) ? "mac"
            : string.IsNullOrEmpty(metadata.Version) ? "version"
            : metadata.KeyGroups.IsEmpty || metadata.KeyGroups.Any(g => g.IsEmpty) ? "key_groups"
            : metadata.KeyGroups.SelectMany(g => g).Any(k => k.Enc.Length == 0) ? "enc"
            : null;
        if (missing is not null)
        {
            throw Refused($"[\"sops\"]: the metadata to write has no {missing}");
        }
    }

    private static StoreDocument Parse(IStore store, byte[] output)
    {
        try
        {
            return store.Parse(output);
        }
        catch (StoreException e)
        {
            var where = e.Line > 0 ? $" at line {e.Line}, column {e.Column}" : "";
            throw Refused($"{e.TreePath ?? TreePath.Root.ToString()}: it does not parse{where}: {e.Message}");
        }
    }

    private static void CompareDocuments(ImmutableArray<Mapping> expected, ImmutableArray<Mapping> actual, bool conversion)
    {
        if (expected.Length != actual.Length)
        {
            throw Refused($"{TreePath.Root}: it reads back as {actual.Length} documents instead of {expected.Length}");
        }

        for (var i = 0; i < expected.Length; i++)
        {
            if (Difference(expected[i], actual[i], [], compareKinds: !conversion, compareComments: !conversion) is { } difference)
            {
                throw Refused(expected.Length > 1 ? $"document {i + 1}: {difference}" : difference);
            }
        }
    }

    /// <summary>
    /// Where the metadata read back first differs from what was written, or null. Key order is not
    /// compared (TOML writes a table's plain keys before its subtables), nor are kinds (flat stores read
    /// every value back as a string), and an empty list may be absent (flattening writes nothing for it).
    /// </summary>
    internal static string? MetadataDifference(Node expected, Node? actual, List<object> path)
    {
        switch (expected, actual)
        {
            case (Sequence { Items.IsEmpty: true }, null or Sequence { Items.IsEmpty: true }):
                return null;
            case (Mapping e, Mapping a):
                foreach (var pair in e.Pairs.Concat(a.Pairs.Where(q => e[q.Key] is null)))
                {
                    path.Add(pair.Key);
                    var difference = e[pair.Key] is not { } value
                        ? pair.Value is Sequence { Items.IsEmpty: true } ? null : $"{Show(path)}: is in the output but was not meant to be"
                        : MetadataDifference(value, a[pair.Key], path);
                    path.RemoveAt(path.Count - 1);
                    if (difference is not null)
                    {
                        return difference;
                    }
                }

                return null;
            case (Sequence e, Sequence a):
                for (var i = 0; i < Math.Max(e.Items.Length, a.Items.Length); i++)
                {
                    path.Add(i);
                    var difference = i < e.Items.Length
                        ? MetadataDifference(e.Items[i], i < a.Items.Length ? a.Items[i] : null, path)
                        : $"{Show(path)}: is in the output but was not meant to be";
                    path.RemoveAt(path.Count - 1);
                    if (difference is not null)
                    {
                        return difference;
                    }
                }

                return null;
            case (Scalar e, Scalar a):
                return ScalarComparison.Same(e, a, compareKinds: false) ? null : $"{Show(path)}: reads back as a different value";
            case (_, null):
                return $"{Show(path)}: is missing from the output";
            default:
                return $"{Show(path)}: reads back as {Describe(actual)} instead of {Describe(expected)}";
        }
    }

    /// <summary>Where <paramref name="actual"/> first differs from <paramref name="expected"/> (path and what), or null.</summary>
    private static string? Difference(Node expected, Node actual, List<object> path, bool compareKinds, bool compareComments) =>
        (expected, actual) switch
        {
            (Mapping e, Mapping a) => Items(e.Items, a.Items, path, compareKinds, compareComments),
            (Sequence e, Sequence a) => Items(e.Items, a.Items, path, compareKinds, compareComments),
            (Scalar e, Scalar a) => ScalarComparison.Same(e, a, compareKinds) ? null : $"{Show(path)}: reads back as a different value",
            _ => $"{Show(path)}: reads back as {Describe(actual)} instead of {Describe(expected)}",
        };

    internal static string? Items(ImmutableArray<Node> expected, ImmutableArray<Node> actual, List<object> path, bool compareKinds, bool compareComments)
    {
        var e = compareComments ? expected : [.. expected.Where(n => n is not Comment)];
        var a = compareComments ? actual : [.. actual.Where(n => n is not Comment)];
        var index = 0;
        for (var i = 0; i < Math.Max(e.Length, a.Length); i++)
        {
            var x = i < e.Length ? e[i] : null;
            var y = i < a.Length ? a[i] : null;
            path.Add(Segment(x ?? y!, index));
            var difference = (x, y) switch
            {
                (null, _) => $"{Show(path)}: is in the output but was not meant to be",
                (_, null) => $"{Show(path)}: is missing from the output",
                (Comment c, Comment d) => c.Text == d.Text ? null : $"{Show(path[..^1])}: a comment reads back different",
                (Comment, _) or (_, Comment) => $"{Show(path[..^1])}: a comment is missing or out of place",
                (Pair p, Pair q) when p.Key != q.Key => $"{Show(path)}: is missing from the output (another key is in its place)",
                (Pair p, Pair q) => Difference(p.Value, q.Value, path, compareKinds, compareComments),
                _ => Difference(x, y, path, compareKinds, compareComments),
            };
            path.RemoveAt(path.Count - 1);
            if (difference is not null)
            {
                return difference;
            }

            if (x is not Comment and not Pair)
            {
                index++;
            }
        }

        return null;
    }

    private static object Segment(Node item, int index) => item is Pair p ? p.Key : index;

    private static string Show(List<object> path) => new TreePath([.. path]).ToString();

    private static string Describe(Node node) => node switch
    {
        Mapping => "a mapping",
        Sequence => "a list",
        Comment => "a comment",
        _ => "a value",
    };

    private static SopsException Refused(string detail) =>
        new(SopsError.ErrorDumpingTree, $"the output failed its read-back check, so nothing was written: {detail}");
}
