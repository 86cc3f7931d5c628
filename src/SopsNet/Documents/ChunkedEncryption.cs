using System.Buffers;
using System.Text;
using SopsNet.Engine;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Tree;

namespace SopsNet.Documents;

/// <summary>
/// Memory: encrypts a YAML or JSON file one top-level entry at a time (see <see cref="IEntryFormat"/>) and
/// writes the output as it is checked, so neither the plaintext's tree, nor the encrypted one, nor the output's
/// text is ever held whole: the whole-file writing held all three and its read-back, about 20 times the
/// output's size. The result is byte for byte what <see cref="PlainDocument.EncryptAsync"/> writes with the
/// same data key and randomness (tests compare the two on every YAML and JSON file of the repository and on
/// generated ones): the entries are encrypted in file order with one encryptor, which draws IVs and hashes the
/// MAC as the whole walk does, and the last entry is written with the sops entry, by the writer that appends
/// it to a whole file, followed by the file's closing text.
/// </summary>
internal static class ChunkedEncryption
{
    private const int BatchSize = 64 * 1024;

    /// <summary>The file's entries, each of which reads alone as within the whole file.</summary>
    public sealed record Plan(IEntryFormat Format, List<(int Start, int Lead, int End, bool IsSops)> Entries);

    /// <summary>
    /// Reads each entry once, before any key is wrapped or anything written, so that whatever the entries
    /// cannot do alone (a parse error, a key twice, an alias to another entry, a sops key: the whole-file
    /// reading reports each in its own words) gives null here and leaves the file to that reading. The
    /// warnings go to <paramref name="warning"/> as they come, in the whole-file reading's order and lines:
    /// held whole, a large file's were a tenth of the memory this saves.
    /// </summary>
    public static Plan? TryPlan(IEntryFormat format, byte[] content, Action<StoreWarning>? warning = null)
    {
        var next = -1;
        if (format.Split(content, atEnd: true, ref next) is not { } entries || !format.WritesAsWhole(content, entries))
        {
            return null;
        }

        var keysSeen = new HashSet<string>(StringComparer.Ordinal) { "sops" };
        var linesBefore = 0;
        var counted = 0;
        try
        {
            foreach (var (_, lead, end, isSops) in entries)
            {
                if (isSops)
                {
                    return null;
                }

                var parsed = format.Parse(content, lead, end);
                if (!ChunkedReadBack.IsOneEntry(parsed, isSops: false, format.KeysAreUnique ? keysSeen : null) ||
                    format.Write(parsed.Documents[0], parsed, null) is null)
                {
                    return null;
                }

                // The entry is parsed from its lead on: its lines are counted from the whole file's line there.
                linesBefore += content.AsSpan(counted, lead - counted).Count((byte)'\n');
                counted = lead;
                foreach (var w in parsed.Warnings)
                {
                    warning?.Invoke(w.Line > 0 ? w with { Line = w.Line + linesBefore } : w);
                }
            }
        }
        catch (StoreException)
        {
            return null;
        }

        return new Plan(format, entries);
    }

    /// <summary>
    /// Encrypts the entries of <paramref name="plan"/> under <paramref name="dataKey"/> and
    /// <paramref name="fresh"/> metadata and writes them to <paramref name="destination"/>, each only once it
    /// reads back as meant (see <see cref="EntryOutputCheck"/>). A failure after the first write leaves the
    /// destination incomplete: the caller's file is replaced only when this returns.
    /// </summary>
    public static void Write(byte[] content, Plan plan, SopsEngine engine, SopsMetadata fresh, byte[] dataKey, Stream destination)
    {
        // Speed: the checked pieces are a line or a few long; the destination gets them 64 KB at a time.
        var pending = new ArrayBufferWriter<byte>(BatchSize);
        void Pass(ReadOnlySpan<byte> piece)
        {
            pending.Write(piece);
            if (pending.WrittenCount >= BatchSize)
            {
                destination.Write(pending.WrittenSpan);
                pending.ResetWrittenCount();
            }
        }

        var format = plan.Format;
        using var encryptor = engine.NewEncryptor(fresh, dataKey, ivStash: null);
        using var check = new EntryOutputCheck(format, fresh, dataKey, Pass);
        var metadata = fresh;
        for (var i = 0; i < plan.Entries.Count; i++)
        {
            var (start, lead, end, _) = plan.Entries[i];
            var parsed = format.Parse(content, lead, end);
            var plaintext = parsed.Documents[0];
            var encrypted = encryptor.Encrypt(plaintext);
            Mapping? block = null;
            var closing = end;
            if (i == plan.Entries.Count - 1)
            {
                // Every value is hashed by now: the MAC is sealed and the sops entry follows the last one, then
                // the file's closing text.
                metadata = engine.Seal(fresh, dataKey, encryptor.FinishMac());
                block = MetadataCodec.Write(metadata);
                closing = content.Length;
            }

            // The piece: the text before the entry's lead (the separator, or the file's opening), the entry, and
            // for the last one the file's closing text.
            byte[] Piece(byte[] entry) => [.. content.AsSpan(start, lead - start), .. entry, .. content.AsSpan(end, closing - end)];
            var text = format.Write(encrypted, parsed, block) ??
                       throw new SopsException(SopsError.ErrorDumpingTree, $"{TreePath.Root}: an entry could not be written into its own text");
            check.Add(Piece(text), plaintext, () => format.Write(plaintext, parsed, block) is { } clear ? Encoding.UTF8.GetString(Piece(clear)) : null, metadata);
        }

        check.Finish(metadata);
        destination.Write(pending.WrittenSpan);
    }
}
