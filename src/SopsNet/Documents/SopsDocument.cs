using System.Collections.Immutable;
using System.Text;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Stores.Binary;
using SopsNet.Stores.Json;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Documents;

/// <summary>
/// An encrypted file opened and decrypted in memory: the one place that knows how sops reads a file and
/// writes it back. Bytes in, bytes out; nothing here touches the file system. Every encrypted result is
/// checked by <see cref="OutputVerifier"/> before it is returned, and a change keeps the data key and the
/// IVs of unchanged values, so only changed values (and lastmodified and mac) differ in the output.
/// </summary>
public sealed class SopsDocument
{
    private readonly SopsEngine engine;

    private SopsDocument(IStore store, OutputLayout output, byte[] content, StoreDocument encrypted, DecryptedFile plain, SopsEngine engine)
    {
        Store = store;
        Output = output;
        Content = content;
        Encrypted = encrypted;
        Plain = plain;
        this.engine = engine;
    }

    /// <summary>The store the file was read with.</summary>
    public IStore Store { get; }

    /// <summary>How results are written: the output store (a conversion when it is not <see cref="Store"/>) and layout.</summary>
    public OutputLayout Output { get; }

    /// <summary>The encrypted bytes as they were read.</summary>
    public byte[] Content { get; }

    /// <summary>The encrypted documents as parsed.</summary>
    public StoreDocument Encrypted { get; }

    /// <summary>The decrypted documents with the data key, metadata and IVs.</summary>
    public DecryptedFile Plain { get; }

    public ImmutableArray<Mapping> Documents => Plain.Documents;

    public SopsMetadata Metadata => Plain.Metadata;

    /// <summary>
    /// Parses <paramref name="content"/>; a parse error keeps its place and gets <paramref name="error"/> as
    /// its code (sops exits 2 for plaintext it cannot read, 1 for an encrypted file).
    /// </summary>
    public static StoreDocument Parse(IStore store, byte[] content, SopsError error)
    {
        ArgumentNullException.ThrowIfNull(store);
        try
        {
            return store.Parse(content);
        }
        catch (StoreException e)
        {
            throw e.WithError(error);
        }
    }

    /// <summary>Parses an encrypted file and reads its metadata, without any key.</summary>
    public static (StoreDocument Document, SopsMetadata Metadata) ReadEncrypted(IStore store, byte[] content)
    {
        var document = Parse(store, content, SopsError.Generic);
        if (document.Metadata is null)
        {
            throw new SopsException(SopsError.Generic, "sops metadata not found: the file is not encrypted");
        }

        return (document, MetadataCodec.Read(document.Metadata));
    }

    /// <summary>The metadata of a parsed file, or null when it has none (not encrypted). No key is needed.</summary>
    public static SopsMetadata? ReadMetadata(StoreDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return document.Metadata is null ? null : MetadataCodec.Read(document.Metadata);
    }

    /// <summary>Parses, finds the data key with <paramref name="keys"/> and decrypts, checking the MAC unless <paramref name="ignoreMac"/>.</summary>
    public static async Task<SopsDocument> OpenAsync(
        IStore store, byte[] content, KeyRing keys, OutputLayout? output = null, bool ignoreMac = false, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        var (encrypted, metadata) = ReadEncrypted(store, content);
        var engine = Engines.Create(keys, clock);
        var plain = await engine.DecryptAsync(encrypted.Documents, metadata, ignoreMac, cancellationToken).ConfigureAwait(false);
        return new SopsDocument(store, output ?? new OutputLayout(store), content, encrypted, plain, engine);
    }

    /// <summary>
    /// Speed and memory: the decrypted file as <see cref="Decrypted"/> writes it without verification (for
    /// printing; the MAC is checked unless <paramref name="ignoreMac"/>), read one top-level entry at a time
    /// rather than whole, so a large file needs little more memory than its own bytes. Null when the file
    /// is not in the shape read that way (see <see cref="ChunkedDecryption"/>), or on any error: then
    /// <see cref="OpenAsync"/> reads it and reports what is wrong, with the same key ring (which has cached
    /// the data key, so no key service is asked twice).
    /// </summary>
    public static Task<DecryptedText?> TryDecryptTextAsync(IStore store, byte[] content, KeyRing keys, bool ignoreMac = false, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        return TryDecryptTextAsync(store, new MemoryStream(content, writable: false), keys, ignoreMac, ChunkedDecryption.Window, cancellationToken);
    }

    /// <summary>
    /// <see cref="TryDecryptTextAsync(IStore, byte[], KeyRing, bool, CancellationToken)"/> reading a seekable
    /// stream (the caller's open file): a YAML or JSON file is read in a window from its end and then its start,
    /// never whole. Null as well when the stream cannot seek.
    /// </summary>
    public static Task<DecryptedText?> TryDecryptTextAsync(IStore store, Stream content, KeyRing keys, bool ignoreMac = false, CancellationToken cancellationToken = default) =>
        TryDecryptTextAsync(store, content, keys, ignoreMac, ChunkedDecryption.Window, cancellationToken);

    /// <summary>The stream reading with <paramref name="window"/> bytes read at a time (tests make it small, so entries straddle reads).</summary>
    internal static async Task<DecryptedText?> TryDecryptTextAsync(IStore store, Stream content, KeyRing keys, bool ignoreMac, int window, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(keys);
        if (!content.CanSeek)
        {
            return null;
        }

        switch (store)
        {
            case YamlStore yaml:
                return await ChunkedDecryption.TryDecryptAsync(yaml, content, keys, ignoreMac, window, cancellationToken).ConfigureAwait(false);
            case JsonStore json:
                return await ChunkedDecryption.TryDecryptAsync(json, content, keys, ignoreMac, window, cancellationToken).ConfigureAwait(false);
            default:
                return null;
        }
    }

    /// <summary>The value at <paramref name="path"/> in the first document, or null when there is none.</summary>
    public Node? Get(TreePath path) => TreeEditor.Get(Documents[0], path);

    /// <summary>
    /// The value at <paramref name="path"/> as <c>decrypt --extract</c> prints it (sops's cmd/sops/decrypt.go):
    /// a mapping as a whole file of the output format, a string raw (no newline), anything else as the
    /// output store's EmitValue spells it. Null when the path is not in the file.
    /// </summary>
    public byte[]? Extract(TreePath path)
    {
        ArgumentNullException.ThrowIfNull(path);
        Node node = Documents[0];
        foreach (var segment in path.Segments)
        {
            // Unlike sops's Truncate, an index counts values only: sops counts a list's comments too and
            // prints one as a struct.
            Node? child = (node, segment) switch
            {
                (Mapping m, string key) => m[key],
                (Sequence s, int i) => s.Items.Where(x => x is not Comment).ElementAtOrDefault(i),
                _ => null,
            };
            if (child is null)
            {
                return null;
            }

            node = child;
        }

        return node switch
        {
            // sops puts the mapping in place of the first document and emits the tree: a YAML stream keeps
            // its later documents and a binary output refuses more than one, while the JSON and dotenv stores
            // emit the first document only (so does ours for INI, where sops would merge every document's sections).
            Mapping m => Output.Write(Output.Store is YamlStore or BinaryStore ? Documents.SetItem(0, m) : [m], null, null),
            Scalar { Kind: ScalarKind.String } s => s.Raw ?? Encoding.UTF8.GetBytes(s.Text),
            _ => WriteValue(Output.Store, node),
        };
    }

    /// <summary>
    /// The decrypted file in the output format. With <paramref name="verify"/> (the result will replace a
    /// file) it must read back as itself without metadata first.
    /// </summary>
    public byte[] Decrypted(bool verify)
    {
        var content = Output.Write(Documents, null, Output.Original(Store, Encrypted));
        if (verify)
        {
            OutputVerifier.VerifyDecrypted(Output.Store, content, Documents, Output.IsConversion(Store));
        }

        return content;
    }

    /// <summary>The plaintext a user edits (sops edit): in the file's own format, with the sops block when <paramref name="withMetadata"/>.</summary>
    public byte[] ForEditing(bool withMetadata) =>
        OutputLayout.Write(Store, Documents, withMetadata ? Encrypted.Metadata : null, Output.Original(Store, Encrypted));

    /// <summary>
    /// Re-encrypts <paramref name="documents"/>, edited from <see cref="Documents"/>, in the encrypted
    /// file's layout; null (nothing to write) when no value changed.
    /// </summary>
    public byte[]? Save(ImmutableArray<Mapping> documents)
    {
        if (documents.Length == Documents.Length && documents.Zip(Documents).All(d => TreeEquality.Equal(d.First, d.Second)))
        {
            return null;
        }

        return Reencrypt(documents, Output.Original(Store, Encrypted));
    }

    /// <summary>Re-encrypts a plaintext the user edited (parsed by <see cref="Store"/>): its text is the new layout.</summary>
    public byte[] SaveEdited(StoreDocument edited)
    {
        ArgumentNullException.ThrowIfNull(edited);
        return Reencrypt(edited.Documents, Output.Original(Store, edited));
    }

    /// <summary>
    /// Sets a value in the first document (the JSON-like <paramref name="value"/> tree) and re-encrypts;
    /// null when the value was already there.
    /// </summary>
    public byte[]? Set(TreePath path, Node value) => Save(Documents.SetItem(0, TreeEditor.Set(Documents[0], path, value)));

    /// <summary>Removes a key or item from the first document and re-encrypts.</summary>
    public byte[]? Unset(TreePath path) => Save(Documents.SetItem(0, TreeEditor.Unset(Documents[0], path)));

    /// <summary>
    /// A new data key for <paramref name="groups"/>: every value and every key stanza changes. A
    /// <paramref name="shamirThreshold"/> replaces the file's (null keeps it).
    /// </summary>
    public async Task<byte[]> RotateAsync(ImmutableArray<ImmutableArray<MasterKey>> groups, int? shamirThreshold = null, CancellationToken cancellationToken = default)
    {
        var current = shamirThreshold is { } t ? Metadata with { ShamirThreshold = t } : Metadata;
        var (metadata, dataKey) = await engine.NewDataKeyAsync(current, groups, cancellationToken).ConfigureAwait(false);
        var (documents, sealedMetadata) = engine.Encrypt(Documents, metadata, dataKey, ivStash: null);
        return Output.WriteEncrypted(Store, Documents, documents, sealedMetadata, dataKey, Output.Original(Store, Encrypted));
    }

    /// <summary>Same data key, new set of recipients: only key stanzas change (values, lastmodified and mac stay).</summary>
    public async Task<byte[]> RewrapAsync(ImmutableArray<ImmutableArray<MasterKey>> groups, CancellationToken cancellationToken = default)
    {
        var metadata = await engine.RewrapAsync(Metadata, Plain.DataKey, groups, cancellationToken).ConfigureAwait(false);
        return Output.WriteEncrypted(Store, Documents, Encrypted.Documents, metadata, Plain.DataKey, Output.Original(Store, Encrypted));
    }

    /// <summary>
    /// Same data key split afresh for <paramref name="groups"/> with <paramref name="shamirThreshold"/> (sops's
    /// updatekeys on a file with key groups): every key stanza changes, values, lastmodified and mac stay.
    /// </summary>
    public async Task<byte[]> ResplitAsync(ImmutableArray<ImmutableArray<MasterKey>> groups, int shamirThreshold, CancellationToken cancellationToken = default)
    {
        var metadata = await engine.ResplitAsync(Metadata, Plain.DataKey, groups, shamirThreshold, cancellationToken).ConfigureAwait(false);
        return Output.WriteEncrypted(Store, Documents, Encrypted.Documents, metadata, Plain.DataKey, Output.Original(Store, Encrypted));
    }

    /// <summary>
    /// Encrypts another version of this file's plaintext with this file's data key, keys and IVs, so
    /// unchanged values keep their exact ciphertext (<c>encrypt --reuse-from</c>). When
    /// <paramref name="plaintext"/> is exactly what this file decrypts to, its own bytes come back untouched.
    /// </summary>
    public byte[] EncryptLike(PlainDocument plaintext)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var own = Store.Write(Documents, null, Output.Original(Store, Encrypted));
        if (own.AsSpan().SequenceEqual(plaintext.Content) && !plaintext.Output.IsConversion(plaintext.Store))
        {
            plaintext.Output.Verify(plaintext.Store, Content, plaintext.Documents, Metadata, Plain.DataKey, Output.Original(Store, Encrypted));
            return Content;
        }

        var (documents, metadata) = engine.Encrypt(plaintext.Documents, Metadata, Plain.DataKey, Plain.IvStash);
        return plaintext.Output.WriteEncrypted(plaintext.Store, plaintext.Documents, documents, metadata, Plain.DataKey, plaintext.Output.Original(plaintext.Store, plaintext.Parsed));
    }

    internal SopsEngine Engine => engine;

    /// <summary>A value the output format cannot print on its own is sops's ErrorDumpingTree, as a whole file would be.</summary>
    private static byte[] WriteValue(IStore store, Node value)
    {
        try
        {
            return store.WriteValue(value);
        }
        catch (StoreException e)
        {
            throw e.WithError(SopsError.ErrorDumpingTree);
        }
    }

    private byte[] Reencrypt(ImmutableArray<Mapping> documents, StoreDocument? original)
    {
        var (encrypted, metadata) = engine.Encrypt(documents, Metadata, Plain.DataKey, Plain.IvStash);
        return Output.WriteEncrypted(Store, documents, encrypted, metadata, Plain.DataKey, original);
    }
}
