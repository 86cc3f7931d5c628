using System.Buffers;
using System.Collections.Immutable;
using System.Text;
using SopsNet.Engine;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Documents;

/// <summary>
/// Memory: encrypts a YAML file one top-level entry at a time (see <see cref="YamlTopLevelChunks"/>) and writes
/// the output as it is checked, so neither the plaintext's tree, nor the encrypted one, nor the output's text is
/// ever held whole: the whole-file writing held all three and its read-back, about 20 times the output's size.
/// The result is byte for byte what <see cref="PlainDocument.EncryptAsync"/> writes with the same data key and
/// randomness (tests compare the two on every YAML file of the repository and on generated ones): the entries
/// are encrypted in file order with one encryptor, which draws IVs and hashes the MAC as the whole walk does,
/// and the last entry is written with the sops block, by the writer that appends it to a whole file.
/// </summary>
internal static class ChunkedEncryption
{
    private const int BatchSize = 64 * 1024;

    /// <summary>The file's entries, each of which reads alone as within the whole file.</summary>
    public sealed record Plan(List<(int Start, int KeyLine, int End)> Chunks);

    /// <summary>
    /// Reads each entry once, before any key is wrapped or anything written, so that whatever the entries
    /// cannot do alone (a parse error, a key twice, an alias to another entry, a sops key: the whole-file
    /// reading reports each in its own words) gives null here and leaves the file to that reading. The
    /// warnings go to <paramref name="warning"/> as they come, in the whole-file reading's order and lines:
    /// held whole, a large file's were a tenth of the memory this saves.
    /// </summary>
    public static Plan? TryPlan(YamlStore store, byte[] content, Action<StoreWarning>? warning = null)
    {
        if (YamlTopLevelChunks.Split(content) is not { } chunks)
        {
            return null;
        }

        var keysSeen = new HashSet<string>(StringComparer.Ordinal) { "sops" };
        var linesBefore = 0;
        var counted = 0;
        try
        {
            foreach (var (start, keyLine, end) in chunks)
            {
                if (ChunkedReadBack.IsYamlSopsKey(content, keyLine))
                {
                    return null;
                }

                var parsed = store.ParseChunk(content, start, end);
                if (!ChunkedReadBack.IsOneEntry(parsed, isSops: false, keysSeen) || store.TryWriteSpliced(parsed.Documents, parsed) is null)
                {
                    return null;
                }

                linesBefore += content.AsSpan(counted, start - counted).Count((byte)'\n');
                counted = start;
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

        return new Plan(chunks);
    }

    /// <summary>
    /// Encrypts the entries of <paramref name="plan"/> under <paramref name="dataKey"/> and
    /// <paramref name="fresh"/> metadata and writes them to <paramref name="destination"/>, each only once it
    /// reads back as meant (see <see cref="EntryOutputCheck"/>). A failure after the first write leaves the
    /// destination incomplete: the caller's file is replaced only when this returns.
    /// </summary>
    public static void Write(YamlStore store, byte[] content, Plan plan, SopsEngine engine, SopsMetadata fresh, byte[] dataKey, Stream destination)
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

        using var encryptor = engine.NewEncryptor(fresh, dataKey, ivStash: null);
        using var check = new EntryOutputCheck(store, fresh, dataKey, Pass);
        var metadata = fresh;
        for (var i = 0; i < plan.Chunks.Count; i++)
        {
            var (start, _, end) = plan.Chunks[i];
            var parsed = store.ParseChunk(content, start, end);
            var plaintext = parsed.Documents[0];
            var encrypted = encryptor.Encrypt(plaintext);
            Mapping? block = null;
            if (i == plan.Chunks.Count - 1)
            {
                // Every value is hashed by now: the MAC is sealed and the sops block follows the last entry.
                metadata = engine.Seal(fresh, dataKey, encryptor.FinishMac());
                block = MetadataCodec.Write(metadata);
            }

            var text = store.TryWriteSpliced([encrypted], parsed, block) ??
                       throw new SopsException(SopsError.ErrorDumpingTree, $"{TreePath.Root}: an entry could not be written into its own text");
            check.Add(Encoding.UTF8.GetBytes(text), plaintext, () => store.TryWriteSpliced([plaintext], parsed, block), metadata);
        }

        check.Finish(metadata);
        destination.Write(pending.WrittenSpan);
    }
}
