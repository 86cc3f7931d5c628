using System.Collections.Immutable;
using System.Security.Cryptography;
using SopsNet.Age;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Tests.Support;
using SopsNet.Tree;

namespace SopsNet.Tests.Stores.Binary;

/// <summary>
/// Whole files through the real pipeline a user runs: store parse, engine (age key wrapping with the
/// demo key, AES-GCM, MAC), metadata codec, store write. Shared by the binary and TOML store tests.
/// </summary>
internal static class AgeFileCipher
{
    private static SopsEngine Engine() => new(
        new KeyRing([new AgeKeyProvider(AgeIdentities.ParseKeyFile(File.ReadAllText(TestPaths.DemoKey), "demo-age-key.txt"))]),
        RandomNumberGenerator.Fill,
        TimeProvider.System);

    public static async Task<byte[]> EncryptAsync(IStore store, byte[] plain, bool writeRule = true)
    {
        var parsed = store.Parse(plain);
        var (documents, metadata) = await EncryptDocumentsAsync(parsed.Documents, writeRule);
        return store.Write(documents, metadata, parsed);
    }

    /// <summary>Encrypts a tree for the demo key; returns the encrypted documents and the metadata mapping a store writes.</summary>
    public static async Task<(ImmutableArray<Mapping> Documents, Mapping Metadata)> EncryptDocumentsAsync(ImmutableArray<Mapping> documents, bool writeRule = true)
    {
        var settings = new EncryptionSettings([[MasterKey.Create("age", ("recipient", TestPaths.DemoRecipient))]]) { WriteRule = writeRule };
        var (encrypted, metadata) = await Engine().EncryptAsync(documents, settings, default);
        return (encrypted, MetadataCodec.Write(metadata));
    }

    public static Task<DecryptedFile> OpenAsync(IStore store, byte[] encrypted) => OpenAsync(store.Parse(encrypted));

    private static async Task<DecryptedFile> OpenAsync(StoreDocument parsed)
    {
        var metadata = MetadataCodec.Read(parsed.Metadata ?? throw new InvalidOperationException("the file has no sops metadata"));
        return await Engine().DecryptAsync(parsed.Documents, metadata, ignoreMac: false, default);
    }

    public static async Task<byte[]> DecryptAsync(IStore store, byte[] encrypted)
    {
        var parsed = store.Parse(encrypted);
        var file = await OpenAsync(parsed);
        return store.Write(file.Documents, null, parsed);
    }

    /// <summary>Decrypts, applies <paramref name="edit"/> to the document and encrypts again, as <c>sops edit</c> and <c>sops set</c> do.</summary>
    public static async Task<byte[]> EditAsync(IStore store, byte[] encrypted, Func<Mapping, Mapping> edit)
    {
        var parsed = store.Parse(encrypted);
        var file = await OpenAsync(parsed);
        var (documents, metadata) = Engine().Encrypt([edit(file.Documents[0])], file.Metadata, file.DataKey, file.IvStash);
        return store.Write(documents, MetadataCodec.Write(metadata), parsed);
    }
}
