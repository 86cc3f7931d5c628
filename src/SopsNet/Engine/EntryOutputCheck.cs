using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Tree;

namespace SopsNet.Engine;

/// <summary>
/// Safety and memory: the read-back check of <see cref="OutputVerifier"/> for an encrypted YAML or JSON output
/// that is made one top-level entry at a time and never held whole. The output is split as it grows with the
/// format's own split (see <see cref="IEntryFormat"/>), applied from an entry's end to the text made so far (as
/// the decrypt path reads a file in a window), so the entries checked are the ones any reader of the whole
/// output finds. Each complete entry is parsed alone, decrypted and compared with the plaintext's items at its
/// place, and only then handed on to be written; the last one must be the sops entry, meant metadata and MAC
/// included, and only the file's closing text may follow it. A value in clear beside its envelope is looked
/// for in each piece as it comes (see <see cref="PlaintextLeakDetector"/>). Any failure is a
/// <see cref="SopsException"/> with <see cref="SopsError.ErrorDumpingTree"/> naming the tree path, never a value.
/// </summary>
internal sealed class EntryOutputCheck : IDisposable
{
    private readonly IEntryFormat format;
    private readonly byte[] dataKey;
    private readonly Action<ReadOnlySpan<byte>> accepted;
    private readonly TreeDecryptor decryptor;
    private readonly HashSet<string> keysSeen = new(StringComparer.Ordinal) { "sops" };

    // The plaintext items whose output is not checked yet, in file order.
    private readonly List<Node> expected = [];
    private byte[] window = new byte[64 * 1024];
    private int filled;
    private int next = -1;

    /// <param name="format">The entries of the store that wrote the output.</param>
    /// <param name="metadata">The metadata the values are encrypted under (its rule decides what is encrypted).</param>
    /// <param name="dataKey">The data key they are encrypted with.</param>
    /// <param name="accepted">Takes each piece of output once it is checked, in file order.</param>
    public EntryOutputCheck(IEntryFormat format, SopsMetadata metadata, byte[] dataKey, Action<ReadOnlySpan<byte>> accepted)
    {
        this.format = format;
        this.dataKey = dataKey;
        this.accepted = accepted;
        decryptor = new TreeDecryptor(dataKey, metadata.Rule, metadata.MacOnlyEncrypted) { RecordsIvs = false };
    }

    /// <summary>
    /// The output written for <paramref name="plaintext"/>, the next piece of the file's one document (the
    /// last one with the sops entry and, for JSON, the closing text); <paramref name="clearRendering"/> writes the piece with its values in clear.
    /// </summary>
    public void Add(byte[] output, Mapping plaintext, Func<string?> clearRendering, SopsMetadata metadata)
    {
        if (PlaintextLeakDetector.FindLeak(output, clearRendering, [plaintext], metadata) is { } leak)
        {
            throw Refused($"{leak}: the plaintext of this encrypted value occurs in the output outside its envelope");
        }

        if (filled + output.Length > window.Length)
        {
            Array.Resize(ref window, Math.Max(window.Length * 2, filled + output.Length));
        }

        output.CopyTo(window, filled);
        filled += output.Length;
        expected.AddRange(plaintext.Items);
        Check(null);
    }

    /// <summary>Checks what is left, which must end with the sops block holding <paramref name="metadata"/>, and the MAC of the whole output.</summary>
    public void Finish(SopsMetadata metadata)
    {
        OutputVerifier.CheckComplete(metadata);
        Check(metadata);
    }

    public void Dispose() => decryptor.Dispose();

    /// <param name="metadata">Null while more output is to come: the last entry made so far may go on.</param>
    private void Check(SopsMetadata? metadata)
    {
        var atEnd = metadata is not null;
        var entries = format.Split(window.AsSpan(0, filled), atEnd, ref next) ?? throw Refused($"{TreePath.Root}: it does not split into top-level entries");
        if (atEnd && entries.Count == 0)
        {
            throw Refused("[\"sops\"]: is missing from the output");
        }

        for (var i = 0; i < entries.Count; i++)
        {
            var (start, lead, end, isSops) = entries[i];
            var isLast = atEnd && i == entries.Count - 1;
            if (isSops && !isLast)
            {
                throw Refused("[\"sops\"]: is in the output before its end");
            }

            StoreDocument parsed;
            Mapping decrypted;
            try
            {
                parsed = format.Parse(window, lead, end);
                if (!ChunkedReadBack.IsOneEntry(parsed, isSops, format.KeysAreUnique ? keysSeen : null))
                {
                    throw Refused($"{TreePath.Root}: an entry of the output does not read back as one key of its own");
                }

                decrypted = decryptor.Decrypt(parsed.Documents[0]);
            }
            catch (StoreException e)
            {
                throw Refused($"{e.TreePath ?? TreePath.Root.ToString()}: it does not parse: {e.Message}");
            }
            catch (SopsException e) when (e.Error != SopsError.ErrorDumpingTree)
            {
                throw Refused($"it does not decrypt: {e.Message}");
            }

            var items = decrypted.Items;
            var difference = items.Length > expected.Count
                ? $"{TreePath.Root}: more entries are in the output than were meant to be"
                : OutputVerifier.Items([.. expected.GetRange(0, items.Length)], items, [], compareKinds: true, compareComments: true);
            if (difference is not null)
            {
                throw Refused(difference);
            }

            expected.RemoveRange(0, items.Length);
            if (decryptor.UndecryptableComments.Count > 0)
            {
                throw Refused($"{decryptor.UndecryptableComments[0]}: an encrypted comment does not decrypt");
            }

            if (isSops)
            {
                CheckSopsBlock(parsed.Metadata!, metadata!);
            }
            else if (isLast)
            {
                throw Refused("[\"sops\"]: is missing from the output");
            }

            accepted(window.AsSpan(start, end - start));
        }

        // The split goes on from the last entry's end; at the end, what follows it is the file's closing text
        // (JSON's brace), which the split has read as such.
        var kept = atEnd ? filled : entries.Count > 0 ? entries[^1].End : 0;
        if (atEnd && entries[^1].End < filled)
        {
            accepted(window.AsSpan(entries[^1].End, filled - entries[^1].End));
        }

        window.AsSpan(kept, filled - kept).CopyTo(window);
        filled -= kept;
    }

    private void CheckSopsBlock(Mapping read, SopsMetadata meant)
    {
        if (expected.Count > 0)
        {
            throw Refused($"{TreePath.Root}: is missing entries that were meant to be in the output");
        }

        if (OutputVerifier.MetadataDifference(MetadataCodec.Write(meant), read, ["sops"]) is { } difference)
        {
            throw Refused(difference);
        }

        try
        {
            SopsEngine.VerifyMac(MetadataCodec.Read(read), dataKey, decryptor.FinishMac());
        }
        catch (SopsException e)
        {
            throw Refused($"[\"sops\"][\"mac\"]: {e.Message}");
        }
    }

    // What was handed on is complete entries, each checked; the write that takes them is not finished, so
    // a file being replaced keeps its old content.
    private static SopsException Refused(string detail) =>
        new(SopsError.ErrorDumpingTree, $"the output failed its read-back check, so it was not finished: {detail}");
}
