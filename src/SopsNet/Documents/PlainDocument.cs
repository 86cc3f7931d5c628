using System.Collections.Immutable;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Selection;
using SopsNet.Stores;
using SopsNet.Stores.Binary;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Documents;

/// <summary>
/// A plaintext file about to be encrypted, checked as sops checks it: it must parse, must not be
/// encrypted already (exit 203) and must hold a document (exit 92).
/// </summary>
public sealed class PlainDocument
{
    private PlainDocument(IStore store, OutputLayout output, byte[] content, StoreDocument parsed)
    {
        Store = store;
        Output = output;
        Content = content;
        Parsed = parsed;
    }

    public IStore Store { get; }

    public OutputLayout Output { get; }

    /// <summary>The plaintext bytes as read.</summary>
    public byte[] Content { get; }

    public StoreDocument Parsed { get; }

    public ImmutableArray<Mapping> Documents => Parsed.Documents;

    /// <summary>Values that will not round-trip byte for byte (worth telling the user).</summary>
    public ImmutableArray<StoreWarning> Warnings => Parsed.Warnings;

    public static PlainDocument Parse(IStore store, byte[] content, OutputLayout? output = null)
    {
        ArgumentNullException.ThrowIfNull(content);
        var parsed = SopsDocument.Parse(store, content, SopsError.CouldNotReadInputFile);
        if (parsed.Metadata is not null)
        {
            throw new SopsException(SopsError.FileAlreadyEncrypted, "the file is already encrypted (it has a top-level sops key)");
        }

        // Our YAML store reads a stream of only comments as one empty document (to keep the comments);
        // go-yaml sees none, and sops refuses it (cmd/sops/encrypt.go validateFileForEncryption).
        if (parsed.Documents.IsEmpty || (store is YamlStore && YamlDocuments.IsEmptyStream(content)))
        {
            throw new SopsException(SopsError.NeedAtLeastOneDocument, "the file has no document to encrypt");
        }

        return new PlainDocument(store, output ?? new OutputLayout(store), content, parsed);
    }

    /// <summary>A plaintext already parsed by <paramref name="store"/> (an edited new file); its text is the layout.</summary>
    public static PlainDocument FromParsed(IStore store, byte[] content, StoreDocument parsed, OutputLayout? output = null) =>
        new(store, output ?? new OutputLayout(store), content, parsed);

    /// <summary>Encrypts with a new data key wrapped for the settings' key groups.</summary>
    public async Task<byte[]> EncryptAsync(EncryptionSettings settings, KeyRing keys, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (Output.Store is BinaryStore)
        {
            // sops ≥ 3.11 ignores selection rules for binary files and writes none: the one value is
            // always encrypted.
            settings = settings with { Rule = SelectionRule.Default, WriteRule = false };
        }

        var engine = Engines.Create(keys, clock);
        var (fresh, dataKey) = await engine.NewDataKeyAsync(settings, cancellationToken).ConfigureAwait(false);
        var (documents, metadata) = engine.Encrypt(Documents, fresh, dataKey, ivStash: null);
        return Output.WriteEncrypted(Store, Documents, documents, metadata, dataKey, Output.Original(Store, Parsed));
    }
}
