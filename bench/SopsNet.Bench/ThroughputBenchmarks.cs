using System.Security.Cryptography;
using BenchmarkDotNet.Attributes;
using SopsNet.Documents;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Stores.Dotenv;
using SopsNet.Stores.Ini;
using SopsNet.Stores.Json;
using SopsNet.Stores.Toml;
using SopsNet.Stores.Yaml;

namespace SopsNet.Bench;

/// <summary>
/// MB/s per store on the issue-14 bulk file (<see cref="ServiceConfig"/>, 5,000 services: 45,000 values):
/// parsing the encrypted file only, decrypting it (parse, decrypt, MAC, source-faithful write; whole, and as
/// <c>sopsnet decrypt</c> prints it) and
/// encrypting the plaintext (parse, encrypt, MAC, write; bare, and as <c>sopsnet encrypt</c> writes a file), with
/// a known data key. The MB/s column divides
/// the size of the file each row reads (encrypted for parse and decrypt, plaintext for encrypt) by the mean.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ThroughputConfig))]
public class ThroughputBenchmarks
{
    public const int Services = 5000;

    private readonly SopsEngine engine = new(new KeyRing([]), RandomNumberGenerator.Fill, TimeProvider.System);
    private IStore store = null!;
    private byte[] plain = [];
    private byte[] encrypted = [];

    [Params("yaml", "json", "dotenv", "ini", "toml")]
    public string Format { get; set; } = "";

    public static byte[] DataKey { get; } = Enumerable.Range(1, 32).Select(i => (byte)i).ToArray();

    public static IStore Store(string format) => format switch
    {
        "yaml" => new YamlStore(),
        "json" => new JsonStore(),
        "dotenv" => new DotenvStore(),
        "ini" => new IniStore(),
        _ => new TomlStore(),
    };

    [GlobalSetup]
    public void Setup()
    {
        store = Store(Format);
        plain = ServiceConfig.Generate(Format, Services);
        encrypted = Encrypt();
    }

    [Benchmark]
    public StoreDocument ParseEncrypted() => store.Parse(encrypted);

    [Benchmark]
    public byte[] Decrypt()
    {
        var document = store.Parse(encrypted);
        var file = SopsEngine.Decrypt(document.Documents, MetadataCodec.Read(document.Metadata!), DataKey, ignoreMac: false);
        return store.Write(file.Documents, null, document);
    }

    /// <summary>
    /// What <c>sopsnet decrypt</c> does when it prints: the file read one top-level entry at a time where its
    /// shape allows (YAML), else whole as in <see cref="Decrypt"/>. The data key comes from a key ring, as in the CLI.
    /// </summary>
    [Benchmark]
    public async Task<ReadOnlyMemory<byte>> DecryptToPrint()
    {
        var keys = new KeyRing([new KnownKeyProvider()]);
        if (await SopsDocument.TryDecryptTextAsync(store, encrypted, keys) is { } text)
        {
            return text.Content;
        }

        return (await SopsDocument.OpenAsync(store, encrypted, keys)).Decrypted(verify: false);
    }

    [Benchmark]
    public byte[] Encrypt() => EncryptWith(engine, store, plain);

    /// <summary>
    /// What <c>sopsnet encrypt</c> does with a large file: read and written one top-level entry at a time, each
    /// checked before it is written, where the shape allows (YAML); else read whole and checked whole. The
    /// output goes to a null stream, as a file's goes to disk; the data key is wrapped by a key ring.
    /// </summary>
    [Benchmark]
    public async Task EncryptToWrite()
    {
        var keys = new KeyRing([new KnownKeyProvider()]);
        var settings = new EncryptionSettings([[MasterKey.Create("age", ("recipient", "age1bench"))]]);
        if (PlainEntries.TryParse(store, plain) is { } entries && await entries.EncryptAsync(settings, keys) is { } write)
        {
            write(Stream.Null);
            return;
        }

        await Stream.Null.WriteAsync(await PlainDocument.Parse(store, plain).EncryptAsync(settings, keys));
    }

    /// <summary>The encrypted file a row reads, as the MB/s column needs it in the host process.</summary>
    public static byte[] EncryptedFile(string format) =>
        EncryptWith(new SopsEngine(new KeyRing([]), RandomNumberGenerator.Fill, TimeProvider.System), Store(format), ServiceConfig.Generate(format, Services));

    private static byte[] EncryptWith(SopsEngine engine, IStore store, byte[] plain)
    {
        var document = store.Parse(plain);
        var metadata = new SopsMetadata
        {
            LastModified = "",
            KeyGroups = [[MasterKey.Create("age", ("enc", KnownKeyProvider.Placeholder), ("recipient", "age1bench"))]],
        };
        var (documents, md) = engine.Encrypt(document.Documents, metadata, DataKey, null);
        return store.Write(documents, MetadataCodec.Write(md), document);
    }
}
