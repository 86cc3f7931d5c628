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
/// file) does not blur the per-value cost.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 5)]
public class FileBenchmarks
{
    private readonly byte[] dataKey = RandomNumberGenerator.GetBytes(32);
    private readonly IStore store = new YamlStore(4);
    private readonly SopsEngine engine = new(new KeyRing([]), RandomNumberGenerator.Fill, TimeProvider.System);
    private byte[] plain = [];
    private byte[] encrypted = [];

    [GlobalSetup]
    public void Setup()
    {
        plain = LargeYaml.Generate();
        encrypted = Encrypt();
    }

    [Benchmark]
    public byte[] Encrypt()
    {
        var document = store.Parse(plain);
        var metadata = new SopsMetadata
        {
            LastModified = "",
            KeyGroups = [[MasterKey.Create("age", ("enc", "-----BEGIN AGE ENCRYPTED FILE-----\n-----END AGE ENCRYPTED FILE-----\n"), ("recipient", "age1bench"))]],
        };
        var (documents, md) = engine.Encrypt(document.Documents, metadata, dataKey, null);
        return store.Write(documents, MetadataCodec.Write(md), document);
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
