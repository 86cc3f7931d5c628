using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SopsNet.Age;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Stores.Flat;

/// <summary>
/// Encrypts and decrypts whole files through a store and the real engine, for the demo age recipient
/// (samples/demo-age-key.txt) or, for the corpus, the corpus age identity.
/// </summary>
internal static class FlatPipeline
{
    public static SopsEngine Engine(string identityFile) => new(
        new KeyRing([new AgeKeyProvider(AgeIdentities.ParseKeyFile(File.ReadAllText(identityFile), identityFile))]),
        RandomNumberGenerator.Fill,
        TimeProvider.System);

    public static async Task<byte[]> EncryptAsync(IStore store, byte[] plain)
    {
        var parsed = store.Parse(plain);
        Assert.Null(parsed.Metadata);
        var settings = new EncryptionSettings([[MasterKey.Create("age", ("recipient", TestPaths.DemoRecipient))]]);
        var (documents, metadata) = await Engine(TestPaths.DemoKey).EncryptAsync(parsed.Documents, settings, default);
        return store.Write(documents, MetadataCodec.Write(metadata), parsed);
    }

    public static Task<byte[]> EncryptAsync(IStore store, string plain) => EncryptAsync(store, Encoding.UTF8.GetBytes(plain));

    public static async Task<(byte[] Plain, DecryptedFile File, StoreDocument Parsed)> DecryptAsync(IStore store, byte[] encrypted, string? identity = null)
    {
        var parsed = store.Parse(encrypted);
        var metadata = MetadataCodec.Read(Assert.IsType<SopsNet.Tree.Mapping>(parsed.Metadata));
        var file = await Engine(identity ?? TestPaths.DemoKey).DecryptAsync(parsed.Documents, metadata, ignoreMac: false, default);
        return (store.Write(file.Documents, null, parsed), file, parsed);
    }

    /// <summary>Re-encrypts edited documents the way an editor does: same data key, unchanged values keep their IVs.</summary>
    public static byte[] Reencrypt(IStore store, DecryptedFile file, ImmutableArray<SopsNet.Tree.Mapping> edited, StoreDocument encryptedOriginal)
    {
        var (documents, metadata) = Engine(TestPaths.DemoKey).Encrypt(edited, file.Metadata, file.DataKey, file.IvStash);
        return store.Write(documents, MetadataCodec.Write(metadata), encryptedOriginal);
    }

    /// <summary>Line numbers (0-based) where two texts differ, comparing line by line.</summary>
    public static List<int> ChangedLines(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        return Enumerable.Range(0, Math.Max(a.Length, b.Length))
            .Where(i => i >= a.Length || i >= b.Length || a[i] != b[i])
            .ToList();
    }
}
