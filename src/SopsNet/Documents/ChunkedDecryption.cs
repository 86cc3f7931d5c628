using System.Buffers;
using System.Text;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Selection;
using SopsNet.Stores;
using SopsNet.Stores.Json;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Documents;

/// <summary>
/// Memory: decrypts a YAML or JSON file one top-level entry at a time (see <see cref="YamlTopLevelChunks"/>
/// and <see cref="JsonTopLevelMembers"/>): each entry is parsed, decrypted and spliced into its own text, and
/// only the output grows. The whole-file reading held the text, the tree and the decrypted tree at once,
/// over 20 times the file's size. The MAC runs over the entries in file order, so it is the whole file's,
/// and it is checked before anything is returned. The result is byte for byte what
/// <see cref="SopsDocument.Decrypted"/> writes (tests compare the two on every YAML and JSON file of the
/// repository and on generated ones); whatever this cannot read the same way gives null.
/// </summary>
internal static class ChunkedDecryption
{
    /// <summary>
    /// Memory: how much of a YAML or JSON file is read at a time; a window grows only while one entry is longer.
    /// </summary>
    public const int Window = 64 * 1024;

    /// <summary>
    /// Memory: the file is never held whole. Every writer puts the sops block last, at column 0, so the tail is
    /// read first for the data key; then the entries are read from the start in a window, each split off with
    /// <see cref="YamlTopLevelChunks"/> applied to the complete lines buffered (which start at an entry, so it
    /// splits them as it splits the whole file), and decrypted as it is complete. A sops block elsewhere, or a
    /// file that ends early, gives null; a file changed between the two reads fails the MAC.
    /// </summary>
    public static async Task<DecryptedText?> TryDecryptAsync(YamlStore store, Stream input, KeyRing keys, bool ignoreMac, int window, CancellationToken cancellationToken)
    {
        try
        {
            var length = input.Length;
            if (await ReadYamlSopsBlockAsync(input, length, window, cancellationToken).ConfigureAwait(false) is not var (sopsStart, sopsBlock) ||
                YamlTopLevelChunks.Split(sopsBlock) is not [(0, 0, _)])
            {
                return null;
            }

            var sopsChunk = store.ParseChunk(sopsBlock, 0, sopsBlock.Length);
            if (await OpenAsync(sopsChunk, keys, ignoreMac, cancellationToken).ConfigureAwait(false) is not { } decryption)
            {
                return null;
            }

            using var decryptor = decryption.Decryptor;
            var output = new ArrayBufferWriter<byte>((int)Math.Min(length / 4 + 16, Array.MaxLength));
            var keysSeen = new HashSet<string>(StringComparer.Ordinal) { "sops" };
            var buffer = new byte[(int)Math.Min(window, sopsStart)];
            var filled = 0;
            var read = 0L; // of the data before the sops block, up to the buffer's end
            input.Position = 0;
            while (true)
            {
                var wanted = (int)Math.Min(buffer.Length - filled, sopsStart - read);
                await input.ReadExactlyAsync(buffer.AsMemory(filled, wanted), cancellationToken).ConfigureAwait(false);
                filled += wanted;
                read += wanted;
                var atEnd = read == sopsStart;
                var lines = atEnd ? filled : buffer.AsSpan(0, filled).LastIndexOf((byte)'\n') + 1;
                var chunks = lines > 0 ? YamlTopLevelChunks.Split(buffer.AsSpan(0, lines)) : null;
                if (atEnd && chunks is null)
                {
                    return null;
                }

                if (chunks is { Count: > 1 } || atEnd)
                {
                    // The last chunk may go on past the lines read, unless the data ends here.
                    var complete = atEnd ? chunks!.Count : chunks!.Count - 1;
                    for (var i = 0; i < complete; i++)
                    {
                        var parsed = store.ParseChunk(buffer, chunks[i].Start, chunks[i].End);
                        if (ChunkedReadBack.IsYamlSopsKey(buffer, chunks[i].KeyLine) ||
                            !ChunkedReadBack.IsOneEntry(parsed, isSops: false, keysSeen) ||
                            store.TryWriteSpliced([decryptor.Decrypt(parsed.Documents[0])], parsed) is not { } text)
                        {
                            return null;
                        }

                        Encoding.UTF8.GetBytes(text, output);
                    }

                    if (atEnd)
                    {
                        break;
                    }

                    var kept = chunks[^1].Start;
                    buffer.AsSpan(kept, filled - kept).CopyTo(buffer);
                    filled -= kept;
                }

                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, Math.Min(sopsStart - read + filled, Array.MaxLength)));
                }
            }

            if (!ChunkedReadBack.IsOneEntry(sopsChunk, isSops: true, keysSeen) ||
                store.TryWriteSpliced([decryptor.Decrypt(sopsChunk.Documents[0])], sopsChunk) is not { } sopsText)
            {
                return null;
            }

            Encoding.UTF8.GetBytes(sopsText, output);
            decryption.VerifyMac();
            return new DecryptedText(output.WrittenMemory, decryptor.UndecryptableComments);
        }
        catch (Exception e) when (IsLeftToWholeFile(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Where the sops block starts and its text: from the last line starting <c>sops:</c> to the end, read from
    /// the end in windows that double until it is found; null when the file has no data before it or does not
    /// end in a line break.
    /// </summary>
    private static async Task<(long Start, byte[] Text)?> ReadYamlSopsBlockAsync(Stream input, long length, int window, CancellationToken cancellationToken)
    {
        for (var size = (int)Math.Min(window, length); size > 0; size = (int)Math.Min(size * 2L, length))
        {
            var tail = new byte[size];
            input.Position = length - size;
            await input.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
            if (tail[^1] != '\n')
            {
                return null;
            }

            var line = tail.AsSpan().LastIndexOf("\nsops:"u8);
            if (line >= 0)
            {
                return (length - size + line + 1, tail[(line + 1)..]);
            }

            if (size == length)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// Memory: the JSON file is never held whole either. Every writer puts the sops member last, so the tail is
    /// read first for the data key: from the last <c>"sops":</c> to the end, one member and the closing brace.
    /// That text could also lie inside a string, which only a reading from the start can tell, so the members
    /// are then split from the start in a window with <see cref="JsonTopLevelMembers"/>' steps, each decrypted
    /// as it is complete, and the split must reach that key as the start of the member after the last data
    /// member. Anything else gives null; a file changed between the two reads fails the MAC.
    /// </summary>
    public static async Task<DecryptedText?> TryDecryptAsync(JsonStore store, Stream input, KeyRing keys, bool ignoreMac, int window, CancellationToken cancellationToken)
    {
        try
        {
            var length = input.Length;
            if (await ReadJsonSopsMemberAsync(input, length, window, cancellationToken).ConfigureAwait(false) is not var (sopsKey, sopsText) ||
                JsonTopLevelMembers.Split(sopsText) is not [(1, 1, var sopsEnd)])
            {
                return null;
            }

            var sopsMember = store.Parse(Wrapped(sopsText, (1, 1, sopsEnd)));
            if (await OpenAsync(sopsMember, keys, ignoreMac, cancellationToken).ConfigureAwait(false) is not { } decryption)
            {
                return null;
            }

            using var decryptor = decryption.Decryptor;
            // Memory: a third, not a quarter as for YAML: JSON's quotes and indentation are in the decrypted text as
            // well, so it is a larger part of the file (26% for the services, where a quarter made the output
            // double and held both arrays: 26 MB peak instead of 24).
            var output = new ArrayBufferWriter<byte>((int)Math.Min(length / 3 + 16, Array.MaxLength));
            var buffer = new byte[(int)Math.Min(window, sopsKey)];
            var filled = 0;
            var read = 0L; // of the text before the sops key, up to the buffer's end
            var written = 0; // in the buffer: the end of the last member written (the separator after it is written with the next)
            var lead = -1; // in the buffer: where the next member starts, once the opening brace is read
            var members = 0;
            input.Position = 0;
            while (true)
            {
                var wanted = (int)Math.Min(buffer.Length - filled, sopsKey - read);
                await input.ReadExactlyAsync(buffer.AsMemory(filled, wanted), cancellationToken).ConfigureAwait(false);
                filled += wanted;
                read += wanted;
                var atEnd = read == sopsKey;
                var text = buffer.AsSpan(0, filled);
                if (lead < 0)
                {
                    switch (JsonTopLevelMembers.ScanOpening(text, out lead))
                    {
                        case JsonScan.MemberFollows:
                            output.Write(text[..lead]);
                            written = lead;
                            break;
                        case JsonScan.NeedsMore when !atEnd:
                            break;
                        default:
                            return null;
                    }
                }

                while (lead >= 0)
                {
                    if (atEnd && JsonTopLevelMembers.SkipBlanks(text, lead) == filled)
                    {
                        break; // the sops key is where this split reaches after the last data member
                    }

                    var scan = JsonTopLevelMembers.ScanMember(text, lead, out var member, out var next);
                    if (scan == JsonScan.NeedsMore && !atEnd)
                    {
                        break;
                    }

                    // A data member after the sops key, a second sops member or a closing brace before it: the
                    // whole-file reading decides.
                    if (scan != JsonScan.MemberFollows || text[member.Key..].StartsWith("\"sops\""u8))
                    {
                        return null;
                    }

                    // The member alone in braces, decrypted and spliced, without the braces again.
                    var parsed = store.Parse(Wrapped(buffer, member));
                    if (!ChunkedReadBack.IsOneEntry(parsed, isSops: false, keysSeen: null) ||
                        store.TryWriteSpliced(decryptor.Decrypt(parsed.Documents[0]), parsed) is not [(byte)'{', .., (byte)'}'] spliced)
                    {
                        return null;
                    }

                    output.Write(text[written..member.Lead]);
                    output.Write(spliced.AsSpan(1, spliced.Length - 2));
                    written = member.End;
                    lead = next;
                    members++;
                }

                if (atEnd)
                {
                    break;
                }

                if (lead >= 0)
                {
                    buffer.AsSpan(written, filled - written).CopyTo(buffer);
                    filled -= written;
                    lead -= written;
                    written = 0;
                }

                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, Math.Min(sopsKey - read + filled, Array.MaxLength)));
                }
            }

            // A file of only the sops member is left to the whole-file reading, as before.
            if (members == 0)
            {
                return null;
            }

            // The sops member taken out leaves exactly the text after it (its comma goes along), as the whole-file
            // reading writes it.
            output.Write(sopsText.AsSpan(sopsEnd));
            decryption.VerifyMac();
            if (JsonStore.WrittenBySopsBefore310(sopsMember.Metadata) && output.WrittenSpan is [.., not (byte)'\n'])
            {
                output.Write("\n"u8);
            }

            return new DecryptedText(output.WrittenMemory, decryptor.UndecryptableComments);
        }
        catch (Exception e) when (IsLeftToWholeFile(e))
        {
            return null;
        }
    }

    /// <summary>
    /// Where the sops member's key starts, and <c>{</c> followed by the text from there to the end: from the last
    /// <c>"sops"</c> followed by a colon, read from the end in windows that double until it is found.
    /// </summary>
    private static async Task<(long Key, byte[] Text)?> ReadJsonSopsMemberAsync(Stream input, long length, int window, CancellationToken cancellationToken)
    {
        for (var size = (int)Math.Min(window, length); size > 0; size = (int)Math.Min(size * 2L, length))
        {
            var tail = new byte[size];
            input.Position = length - size;
            await input.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
            for (var key = tail.AsSpan().LastIndexOf("\"sops\""u8); key >= 0; key = tail.AsSpan(0, key).LastIndexOf("\"sops\""u8))
            {
                var colon = JsonTopLevelMembers.SkipBlanks(tail, key + "\"sops\"".Length);
                if (colon < size && tail[colon] == ':')
                {
                    return (length - size + key, [(byte)'{', .. tail.AsSpan(key)]);
                }
            }

            if (size == length)
            {
                return null;
            }
        }

        return null;
    }

    /// <summary>
    /// The whole-file reading reports every error as it always has, in its own order (a parse error before
    /// a missing key, say); the keys unwrapped here are cached in the key ring.
    /// </summary>
    private static bool IsLeftToWholeFile(Exception e) => e is not (OperationCanceledException or OutOfMemoryException);

    /// <summary>The data key and a decryptor for the file whose metadata <paramref name="sopsChunk"/> holds; null when it has none.</summary>
    private static async Task<Decryption?> OpenAsync(StoreDocument sopsChunk, KeyRing keys, bool ignoreMac, CancellationToken cancellationToken)
    {
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
        return new Decryption(metadata, dataKey, ignoreMac, new TreeDecryptor(dataKey, metadata.Rule, metadata.MacOnlyEncrypted) { RecordsIvs = false });
    }

    private static byte[] Wrapped(byte[] content, (int Lead, int Key, int End) member) =>
        [(byte)'{', .. content.AsSpan(member.Lead, member.End - member.Lead), (byte)'}'];

    private sealed record Decryption(SopsMetadata Metadata, byte[] DataKey, bool IgnoreMac, TreeDecryptor Decryptor)
    {
        /// <summary>Checks the MAC of everything decrypted, unless it is ignored.</summary>
        public void VerifyMac()
        {
            if (!IgnoreMac)
            {
                SopsEngine.VerifyMac(Metadata, DataKey, Decryptor.FinishMac());
            }
        }
    }
}
