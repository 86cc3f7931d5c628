using System.Buffers;
using System.Text;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Selection;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Documents;

/// <summary>
/// Memory: decrypts a YAML file one top-level entry at a time (see <see cref="YamlTopLevelChunks"/>): each
/// entry is parsed, decrypted and spliced into its own text, and only the output grows. The whole-file
/// reading held the text, the tree and the decrypted tree at once, over 20 times the file's size. The MAC
/// runs over the entries in file order, so it is the whole file's, and it is checked before anything is
/// returned. The result is byte for byte what <see cref="SopsDocument.Decrypted"/> writes (a test compares
/// the two on every YAML file of the repository); whatever this cannot read the same way gives null.
/// </summary>
internal static class ChunkedDecryption
{
    public static async Task<DecryptedText?> TryDecryptAsync(YamlStore store, byte[] content, KeyRing keys, bool ignoreMac, CancellationToken cancellationToken)
    {
        var chunks = YamlTopLevelChunks.Split(content);
        var sopsIndex = chunks?.FindIndex(c => IsSopsKey(content, c.KeyLine)) ?? -1;
        if (chunks is null || sopsIndex < 0)
        {
            return null;
        }

        try
        {
            var sopsChunk = store.ParseChunk(content, chunks[sopsIndex].Start, chunks[sopsIndex].End);
            if (sopsChunk.Metadata is null)
            {
                return null;
            }

            var metadata = MetadataCodec.Read(sopsChunk.Metadata);
            if (metadata.Rule.Kind is SelectionRuleKind.EncryptedCommentRegex or SelectionRuleKind.UnencryptedCommentRegex)
            {
                // Comment rules look at the comments before a value, which a chunk edge could separate from it.
                return null;
            }

            var dataKey = await keys.UnwrapAsync(metadata, cancellationToken).ConfigureAwait(false);
            using var decryptor = new TreeDecryptor(dataKey, metadata.Rule, metadata.MacOnlyEncrypted) { RecordsIvs = false };
            var output = new ArrayBufferWriter<byte>(content.Length / 4 + 16);
            var keysSeen = new HashSet<string>(StringComparer.Ordinal) { "sops" };
            for (var i = 0; i < chunks.Count; i++)
            {
                var parsed = i == sopsIndex ? sopsChunk : store.ParseChunk(content, chunks[i].Start, chunks[i].End);
                if (!IsOneEntry(parsed, i == sopsIndex, keysSeen) ||
                    store.TryWriteSpliced([decryptor.Decrypt(parsed.Documents[0])], parsed) is not { } text)
                {
                    return null;
                }

                Encoding.UTF8.GetBytes(text, output);
            }

            if (!ignoreMac)
            {
                SopsEngine.VerifyMac(metadata, dataKey, decryptor.FinishMac());
            }

            return new DecryptedText(output.WrittenSpan.ToArray(), decryptor.UndecryptableComments);
        }
        catch (Exception e) when (e is not (OperationCanceledException or OutOfMemoryException))
        {
            // The whole-file reading reports every error as it always has, in its own order (a parse error
            // before a missing key, say); the keys unwrapped here are cached in the key ring.
            return null;
        }
    }

    private static bool IsSopsKey(byte[] content, int keyLine) =>
        content.AsSpan(keyLine).StartsWith("sops:"u8) && content[keyLine + 5] is (byte)' ' or (byte)'\n';

    /// <summary>
    /// The chunk read as one document holding its one key (none for the sops chunk, whose key the store
    /// takes out as metadata), and that key not seen before: a duplicate is the whole-file reading's error.
    /// </summary>
    private static bool IsOneEntry(StoreDocument parsed, bool isSops, HashSet<string> keysSeen)
    {
        if (parsed.Documents.Length != 1 || (parsed.Metadata is not null) != isSops)
        {
            return false;
        }

        var pairs = 0;
        foreach (var item in parsed.Documents[0].Items)
        {
            if (item is Pair pair && (++pairs > 1 || !keysSeen.Add(pair.Key)))
            {
                return false;
            }
        }

        return pairs == (isSops ? 0 : 1);
    }
}
