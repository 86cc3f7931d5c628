using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;

namespace SopsNet.Bench;

/// <summary>
/// Whole-file encrypt and decrypt of the generated 10 MB / 200k-leaf YAML, through the store (parse and
/// source-faithful write) and the engine, with a known data key so key wrapping (milliseconds, once per
/// file) does not blur the per-value cost; and the read-back check every write makes (OutputVerifier:
/// parse, decrypt, compare, plaintext scan), which should cost about one Decrypt.
/// </summary>
[MemoryDiagnoser]
public class FileBenchmarks
{
    private readonly byte[] dataKey = RandomNumberGenerator.GetBytes(32);
    private readonly IStore store = new YamlStore(4);
    private readonly SopsEngine engine = new(new KeyRing([]), RandomNumberGenerator.Fill, TimeProvider.System);
    private byte[] plain = [];
    private byte[] encrypted = [];
    private StoreDocument plainDocument = null!;
    private SopsMetadata sealedMetadata = null!;

    [GlobalSetup]
    public void Setup()
    {
        plain = LargeYaml.Generate();
        plainDocument = store.Parse(plain);
        (encrypted, sealedMetadata) = EncryptWithMetadata();
    }

    [Benchmark]
    public byte[] Encrypt() => EncryptWithMetadata().Output;

    [Benchmark]
    public void VerifyEncrypted() =>
        OutputVerifier.VerifyEncrypted(store, encrypted, plainDocument.Documents, sealedMetadata, dataKey, conversion: false);

    private (byte[] Output, SopsMetadata Metadata) EncryptWithMetadata()
    {
        var document = store.Parse(plain);
        var metadata = new SopsMetadata
        {
            LastModified = "",
            KeyGroups = [[MasterKey.Create("age", ("enc", "-----BEGIN AGE ENCRYPTED FILE-----\n-----END AGE ENCRYPTED FILE-----\n"), ("recipient", "age1bench"))]],
        };
        var (documents, md) = engine.Encrypt(document.Documents, metadata, dataKey, null);
        return (store.Write(documents, MetadataCodec.Write(md), document), md);
    }

    [Benchmark]
    public byte[] Decrypt()
    {
        var document = store.Parse(encrypted);
        var metadata = MetadataCodec.Read(document.Metadata!);
        var file = SopsEngine.Decrypt(document.Documents, metadata, dataKey, ignoreMac: false);
        return store.Write(file.Documents, null, document);
    }
}
