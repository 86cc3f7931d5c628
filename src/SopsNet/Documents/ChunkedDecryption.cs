using System.Buffers;
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
/// Memory: decrypts a YAML or JSON file one top-level entry at a time (see <see cref="IEntryFormat"/>, whose
/// split the encrypt side uses too): each entry is parsed, decrypted and spliced into its own text, and only
/// the output grows. The whole-file reading held the text, the tree and the decrypted tree at once, over 20
/// times the file's size. The MAC runs over the entries in file order, so it is the whole file's, and it is
/// checked before anything is returned. The result is byte for byte what <see cref="SopsDocument.Decrypted"/>
/// writes (tests compare the two on every YAML and JSON file of the repository and on generated ones);
/// whatever this cannot read the same way gives null.
/// </summary>
internal static class ChunkedDecryption
{
    /// <summary>
    /// Memory: how much of a YAML or JSON file is read at a time; a window grows only while one entry is longer.
    /// </summary>
    public const int Window = 64 * 1024;

    /// <summary>The YAML file: its sops block is the last line starting <c>sops:</c> and every line after it.</summary>
    public static Task<DecryptedText?> TryDecryptAsync(YamlStore store, Stream input, KeyRing keys, bool ignoreMac, int window, CancellationToken cancellationToken) =>
        TryDecryptAsync(new YamlEntryFormat(store), ReadYamlSopsBlockAsync, outputShare: 4, finalNewline: _ => false, input, keys, ignoreMac, window, cancellationToken);

    /// <summary>
    /// The JSON file: its sops member is the last <c>"sops"</c> followed by a colon. That text could also lie
    /// inside a string, which only the split from the start can tell: it must find the sops member there. A file
    /// of sops 3.9 or earlier without a final newline is printed with one, as the whole-file writing does (see
    /// <see cref="JsonStore.WrittenBySopsBefore310"/>).
    /// </summary>
    public static Task<DecryptedText?> TryDecryptAsync(JsonStore store, Stream input, KeyRing keys, bool ignoreMac, int window, CancellationToken cancellationToken) =>
        // Memory: a third of the file, not a quarter as for YAML: JSON's quotes and indentation are in the
        // decrypted text as well, so it is a larger part of the file (26% for the services, where a
        // quarter made the output double and held both arrays: 26 MB peak instead of 24).
        TryDecryptAsync(new JsonEntryFormat(store), ReadJsonSopsMemberAsync, outputShare: 3, JsonStore.WrittenBySopsBefore310, input, keys, ignoreMac, window, cancellationToken);

    /// <summary>
    /// Memory: the file is never held whole. Every writer puts the sops entry last, so the tail is read first
    /// for the data key (<paramref name="readSopsEntry"/>); then the entries are split from the start in a
    /// window with <paramref name="format"/>'s split (the one the encrypt side checks its output with), each
    /// decrypted as it is complete, and the split must reach the sops entry read from the tail as its last
    /// entry. A sops entry elsewhere, a file of only the sops entry or a file that ends early gives null; a file
    /// changed between the two reads fails the MAC. <paramref name="readSopsEntry"/> gives the file offset of the
    /// sops entry's lead and a text holding the entry alone; the output buffer starts at the file's length
    /// divided by <paramref name="outputShare"/>; <paramref name="finalNewline"/> says, from the metadata,
    /// whether the whole-file writing adds a final newline the output lacks.
    /// </summary>
    private static async Task<DecryptedText?> TryDecryptAsync(
        IEntryFormat format,
        Func<Stream, long, int, CancellationToken, Task<(long Lead, byte[] Text)?>> readSopsEntry,
        int outputShare,
        Func<Mapping?, bool> finalNewline,
        Stream input,
        KeyRing keys,
        bool ignoreMac,
        int window,
        CancellationToken cancellationToken)
    {
        try
        {
            var length = input.Length;
            var tailNext = -1;
            if (await readSopsEntry(input, length, window, cancellationToken).ConfigureAwait(false) is not var (tailLead, tailText) ||
                format.Split(tailText, atEnd: true, ref tailNext) is not [(_, var lead, var end, true)])
            {
                return null;
            }

            var sopsEntry = format.Parse(tailText, lead, end);
            if (await OpenAsync(sopsEntry, keys, ignoreMac, cancellationToken).ConfigureAwait(false) is not { } decryption)
            {
                return null;
            }

            using var decryptor = decryption.Decryptor;
            var output = new ArrayBufferWriter<byte>((int)Math.Min(length / outputShare + 16, Array.MaxLength));
            var keysSeen = format.KeysAreUnique ? new HashSet<string>(StringComparer.Ordinal) { "sops" } : null;
            var buffer = new byte[(int)Math.Min(window, length)];
            var filled = 0;
            var dropped = 0L; // of the file, before the buffer's start
            var next = -1;
            input.Position = 0;
            while (true)
            {
                var wanted = (int)Math.Min(buffer.Length - filled, length - dropped - filled);
                await input.ReadExactlyAsync(buffer.AsMemory(filled, wanted), cancellationToken).ConfigureAwait(false);
                filled += wanted;
                var atEnd = dropped + filled == length;
                if (format.Split(buffer.AsSpan(0, filled), atEnd, ref next) is not { } entries)
                {
                    return null;
                }

                // At the end, the last entry must be the one read from the tail, after at least one of data (a
                // file of only the sops entry is left to the whole-file reading, as before).
                if (atEnd && (entries is not [.., (var sopsStart, var sopsLead, _, true)] || dropped + sopsLead != tailLead || dropped + sopsStart == 0))
                {
                    return null;
                }

                var data = atEnd ? entries.Count - 1 : entries.Count;
                for (var i = 0; i < data; i++)
                {
                    var (start, entryLead, entryEnd, isSops) = entries[i];
                    var parsed = format.Parse(buffer, entryLead, entryEnd);
                    if (isSops || !ChunkedReadBack.IsOneEntry(parsed, isSops: false, keysSeen) ||
                        format.Write(decryptor.Decrypt(parsed.Documents[0]), parsed, null) is not { } text)
                    {
                        return null;
                    }

                    output.Write(buffer.AsSpan(start, entryLead - start));
                    output.Write(text);
                }

                if (atEnd)
                {
                    // The sops entry taken out leaves what the whole-file writing leaves: YAML's chunk without
                    // the metadata (the comments after it), nothing of JSON's member (the comma before it goes
                    // along), then the file's closing text.
                    if (!ChunkedReadBack.IsOneEntry(sopsEntry, isSops: true, keysSeen) ||
                        format.Write(decryptor.Decrypt(sopsEntry.Documents[0]), sopsEntry, null) is not { } sopsRest)
                    {
                        return null;
                    }

                    output.Write(sopsRest);
                    output.Write(buffer.AsSpan(entries[^1].End, filled - entries[^1].End));
                    break;
                }

                var kept = entries.Count > 0 ? entries[^1].End : 0;
                buffer.AsSpan(kept, filled - kept).CopyTo(buffer);
                filled -= kept;
                dropped += kept;
                if (filled == buffer.Length)
                {
                    Array.Resize(ref buffer, (int)Math.Min(buffer.Length * 2L, Math.Min(length - dropped, Array.MaxLength)));
                }
            }

            decryption.VerifyMac();
            if (finalNewline(sopsEntry.Metadata) && output.WrittenSpan is [.., not (byte)'\n'])
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
    /// Where the sops block starts (its chunk's lead) and its text: from the last line starting <c>sops:</c> to
    /// the end, read from the end in windows that double until it is found; null when the file has no line
    /// before it or does not end in a line break.
    /// </summary>
    private static async Task<(long Lead, byte[] Text)?> ReadYamlSopsBlockAsync(Stream input, long length, int window, CancellationToken cancellationToken)
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
    /// Where the sops member's lead starts (the blanks before its key, as the split from the start counts it),
    /// and <c>{</c> followed by the text from there to the end: from the last <c>"sops"</c> followed by a colon,
    /// read from the end in windows that double until it is found with the blanks before it.
    /// </summary>
    private static async Task<(long Lead, byte[] Text)?> ReadJsonSopsMemberAsync(Stream input, long length, int window, CancellationToken cancellationToken)
    {
        for (var size = (int)Math.Min(window, length); size > 0; size = (int)Math.Min(size * 2L, length))
        {
            var tail = new byte[size];
            input.Position = length - size;
            await input.ReadExactlyAsync(tail, cancellationToken).ConfigureAwait(false);
            for (var key = tail.AsSpan().LastIndexOf("\"sops\""u8); key >= 0; key = tail.AsSpan(0, key).LastIndexOf("\"sops\""u8))
            {
                var colon = JsonTopLevelMembers.SkipBlanks(tail, key + "\"sops\"".Length);
                var lead = tail.AsSpan(0, key).LastIndexOfAnyExcept(" \t\n\r"u8) + 1;
                if (colon < size && tail[colon] == ':' && (lead > 0 || size == length))
                {
                    return (length - size + lead, [(byte)'{', .. tail.AsSpan(lead)]);
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
