using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Stores.Binary;
using SopsNet.Stores.Dotenv;
using SopsNet.Stores.Ini;
using SopsNet.Stores.Json;
using SopsNet.Stores.Toml;

namespace SopsNet.Bench;

/// <summary>
/// Encrypt and decrypt of a large generated file in every other store: 100,000 leaves (about 5 MB) for
/// the structured formats, a 5 MB random file for binary.
/// </summary>
[MemoryDiagnoser]
public class StoreBenchmarks
{
    private readonly byte[] dataKey = RandomNumberGenerator.GetBytes(32);
    private readonly SopsEngine engine = new(new KeyRing([]), RandomNumberGenerator.Fill, TimeProvider.System);
    private IStore store = null!;
    private byte[] plain = [];
    private byte[] encrypted = [];

    [Params("json", "dotenv", "ini", "toml", "binary")]
    public string Format { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        store = Format switch
        {
            "json" => new JsonStore(),
            "dotenv" => new DotenvStore(),
            "ini" => new IniStore(),
            "toml" => new TomlStore(),
            _ => new BinaryStore(),
        };
        plain = LargeFiles.Generate(Format, 100_000);
        encrypted = Encrypt();
    }

    [Benchmark]
    public byte[] Encrypt()
    {
        var document = store.Parse(plain);
        var metadata = new SopsMetadata
        {
            LastModified = "",
            WriteRule = store is not BinaryStore,
            KeyGroups = [[MasterKey.Create("age", ("enc", "-----BEGIN AGE ENCRYPTED FILE-----\n-----END AGE ENCRYPTED FILE-----\n"), ("recipient", "age1bench"))]],
        };
        var (documents, md) = engine.Encrypt(document.Documents, metadata, dataKey, null);
        return store.Write(documents, MetadataCodec.Write(md), document);
    }

    [Benchmark]
    public byte[] Decrypt()
    {
        var document = store.Parse(encrypted);
        var file = SopsEngine.Decrypt(document.Documents, MetadataCodec.Read(document.Metadata!), dataKey, ignoreMac: false);
        return store.Write(file.Documents, null, document);
    }
}
