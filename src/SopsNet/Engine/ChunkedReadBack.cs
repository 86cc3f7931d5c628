using SopsNet.Metadata;
using SopsNet.Selection;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Engine;

/// <summary>
/// Speed and memory: reads a written YAML output back one top-level entry at a time (see
/// <see cref="YamlTopLevelChunks"/>), as the decrypt path reads a file, for <see cref="OutputVerifier"/>.
/// Each entry is parsed, decrypted and handed to the caller on its own, so neither the output's parsed tree
/// nor its decrypted one is ever held whole, and the split shapes are the ones whose entries read alone
/// exactly as within the whole file (tests compare the two readings on every YAML file of the repository and
/// on generated ones). The entries come in file order and the MAC runs over them in that order, so it is the
/// whole file's. Whatever is not split, or does not read back here, gives null: the verifier then reads the
/// output whole, which reports every error.
/// </summary>
internal static class ChunkedReadBack
{
    /// <summary>
    /// Hands each entry of the output's one document, decrypted with <paramref name="dataKey"/> (a mapping of
    /// the entry's key and the comments before it), to <paramref name="entry"/> in file order; gives the
    /// output's metadata, the MAC of its values and the paths of comments that did not decrypt. Null when
    /// not read here, or when <paramref name="entry"/> returns false (it stops there).
    /// </summary>
    public static (Mapping Metadata, string Mac, List<string> UndecryptableComments)? TryRead(YamlStore store, byte[] output, byte[] dataKey, Func<Mapping, bool> entry)
    {
        var chunks = YamlTopLevelChunks.Split(output);
        var sopsIndex = chunks?.FindIndex(c => IsYamlSopsKey(output, c.KeyLine)) ?? -1;
        if (chunks is null || sopsIndex < 0)
        {
            return null;
        }

        try
        {
            var sopsChunk = store.ParseChunk(output, chunks[sopsIndex].Start, chunks[sopsIndex].End);
            if (sopsChunk.Metadata is null)
            {
                return null;
            }

            var read = MetadataCodec.Read(sopsChunk.Metadata);
            if (read.Rule.Kind is SelectionRuleKind.EncryptedCommentRegex or SelectionRuleKind.UnencryptedCommentRegex)
            {
                // Comment rules look at the comments before a value, which a chunk edge could separate from it.
                return null;
            }

            using var decryptor = new TreeDecryptor(dataKey, read.Rule, read.MacOnlyEncrypted) { RecordsIvs = false };
            var keysSeen = new HashSet<string>(StringComparer.Ordinal) { "sops" };
            for (var i = 0; i < chunks.Count; i++)
            {
                var parsed = i == sopsIndex ? sopsChunk : store.ParseChunk(output, chunks[i].Start, chunks[i].End);
                if (!IsOneEntry(parsed, i == sopsIndex, keysSeen) || !entry(decryptor.Decrypt(parsed.Documents[0])))
                {
                    return null;
                }
            }

            return (sopsChunk.Metadata, decryptor.FinishMac(), decryptor.UndecryptableComments);
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            // A parse or decryption error is the whole-file reading's to report, in its own words.
            return null;
        }
    }

    /// <summary>Whether the YAML chunk whose key line starts at <paramref name="keyLine"/> is the sops block.</summary>
    internal static bool IsYamlSopsKey(ReadOnlySpan<byte> content, int keyLine) =>
        content[keyLine..].StartsWith("sops:"u8) && content[keyLine + 5] is (byte)' ' or (byte)'\n';

    /// <summary>
    /// The chunk read as one document holding its one key (none for the sops chunk, whose key the store
    /// takes out as metadata), and for YAML that key not seen before: a duplicate is the whole-file reading's error.
    /// </summary>
    internal static bool IsOneEntry(StoreDocument parsed, bool isSops, HashSet<string>? keysSeen)
    {
        if (parsed.Documents.Length != 1 || (parsed.Metadata is not null) != isSops)
        {
            return false;
        }

        var pairs = 0;
        foreach (var item in parsed.Documents[0].Items)
        {
            if (item is Pair pair && (++pairs > 1 || (keysSeen is not null && !keysSeen.Add(pair.Key))))
            {
                return false;
            }
        }

        return pairs == (isSops ? 0 : 1);
    }
}
