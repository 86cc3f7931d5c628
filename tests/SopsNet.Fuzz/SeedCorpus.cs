using System.Text;
using System.Text.RegularExpressions;
using SopsNet.Age;
using SopsNet.Crypto;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Stores;

namespace SopsNet.Fuzz;

/// <summary>
/// The inputs mutation starts from: the repository's sample and fixture files, a few files per format
/// written here (dotenv, INI and TOML have no fixture files), each also encrypted for the public demo key
/// (so sops blocks, envelopes and age stanzas are in the corpus), the envelopes and age files taken out of
/// those, and tree paths. Encryption uses a seeded random source and a fixed clock: the seeds are the same
/// bytes in every run, so a mutation seed replays exactly.
/// </summary>
public static partial class SeedCorpus
{
    public static string RepoRoot { get; } = FindRepoRoot();

    private static readonly string[] Folders = ["samples", "tests/SopsNet.Tests/Cli/Fixtures", "tests/interop/fixtures"];

    private static readonly Dictionary<string, string[]> Written = new()
    {
        ["yaml"] =
        [
            "a: |+\n  keep\n\nb: >-2\n    folded\n  more\nc: [1, \"two\", {d: ~}]\n# end\n",
            "---\nx: &anchor 1\ny: *anchor\n...\n---\nz: !!binary aGVsbG8=\n",
        ],
        ["json"] = ["{\"a\": \"\\u00e9\\n\", \"b\": [1, 2.5e3, true, null, {}], \"c\": {\"d\": \"\"}}\n"],
        ["dotenv"] = ["# comment\nDB_HOST=localhost\n\nDB_PASS=\"s3cr3t\"\nEMPTY=\nMULTI=a\\nb\nkey_unencrypted=clear\n"],
        ["ini"] =
        [
            "top = 1\n; about db\n[db]\nhost = localhost\npassword = \"s3cr3t\" ; inline\nmulti = \"\"\"a\nb\"\"\" # after\nraw = `x#y`\ncont = a \\\n  b\n[empty]\n",
        ],
        ["toml"] =
        [
            "# c\ntitle = \"x\"\nn = 0x1F\nf = 1e3\nd = 1979-05-27T07:32:00Z\nl = 1979-05-27\narr = [1, \"two\", [3]]\ninline = {a = 1, b = 'lit'}\nml = \"\"\"\nline \\\n  cont\"\"\"\n[server]\nhost = \"h\" # c\n[[products]]\nname = \"p\"\n[a.b]\nc = true\n",
        ],
        ["binary"] = ["any bytes\n\u00ff\u0000 at all"],
    };

    private static readonly Lazy<X25519Identity> DemoIdentity = new(() =>
        X25519Identity.Parse(File.ReadAllLines(Path.Combine(RepoRoot, "samples", "demo-age-key.txt")).Single(l => l.StartsWith("AGE-SECRET-KEY-", StringComparison.Ordinal))));

    /// <summary>The public demo key (samples/demo-age-key.txt): the encrypted seeds are for it.</summary>
    public static X25519Identity Identity => DemoIdentity.Value;

    public static IEnumerable<byte[]> Store(string format)
    {
        var plain = Plain(format).ToList();
        return plain.Concat(plain.Select(p => Encrypt(format, p)).OfType<byte[]>());
    }

    /// <summary>Every ENC[…] envelope in the encrypted seeds, and a few malformed ones.</summary>
    public static IEnumerable<byte[]> Envelopes() =>
        Formats.SelectMany(Store).Select(Encoding.UTF8.GetString).SelectMany(t => Envelope().Matches(t).Select(m => m.Value))
            .Concat(["ENC[AES256_GCM,data:,iv:,tag:,type:str]", "ENC[AES256_GCM,data:AA==,iv:AA==,tag:AA==,type:comment]trailing"])
            .Distinct().Take(40).Select(Encoding.UTF8.GetBytes);

    /// <summary>Encrypted YAML files: their sops blocks are MetadataCodec's input.</summary>
    public static IEnumerable<byte[]> Metadata() => Store("yaml").Where(b => Encoding.UTF8.GetString(b).Contains("\nsops:", StringComparison.Ordinal));

    /// <summary>The armored age files sops stores in <c>enc</c>.</summary>
    public static IEnumerable<byte[]> AgeArmored() => Metadata().Take(4).SelectMany(b =>
        MetadataCodec.Read(new Stores.Yaml.YamlStore().Parse(b).Metadata!).KeyGroups.SelectMany(g => g).Select(k => Encoding.ASCII.GetBytes(k.Enc)));

    /// <summary>The same age files unarmored: the binary header and payload.</summary>
    public static IEnumerable<byte[]> AgeBinary() => AgeArmored().Select(a => AgeArmor.Decode(Encoding.ASCII.GetString(a)));

    public static IEnumerable<byte[]> TreePaths() =>
        new[] { "[\"a\"]", "[\"a\"][0][\"b\"]", "['single'][12]", "[\"with space\"][\"ü\"]", "[0]", "[\"\"]", "[\"a\"b\"]" }.Select(Encoding.UTF8.GetBytes);

    public static IReadOnlyList<string> Formats { get; } = ["yaml", "json", "dotenv", "ini", "toml", "binary"];

    public static IStore CreateStore(string format) => format switch
    {
        "yaml" => new Stores.Yaml.YamlStore(),
        "json" => new Stores.Json.JsonStore(),
        "dotenv" => new Stores.Dotenv.DotenvStore(),
        "ini" => new Stores.Ini.IniStore(),
        "toml" => new Stores.Toml.TomlStore(),
        "binary" => new Stores.Binary.BinaryStore(),
        _ => throw new ArgumentException("unknown format " + format, nameof(format)),
    };

    private static IEnumerable<byte[]> Plain(string format)
    {
        var extensions = format switch
        {
            "yaml" => new[] { ".yaml", ".yml" },
            "json" => [".json"],
            _ => [],
        };
        var files = Folders.Select(f => Path.Combine(RepoRoot, f)).Where(Directory.Exists)
            .SelectMany(Directory.EnumerateFiles).Where(f => extensions.Contains(Path.GetExtension(f))).Order(StringComparer.Ordinal);
        return files.Select(File.ReadAllBytes).Concat(Written[format].Select(Encoding.UTF8.GetBytes));
    }

    /// <summary>The file encrypted for the demo key, or null when the store refuses it (or it already is encrypted).</summary>
    private static byte[]? Encrypt(string format, byte[] plain)
    {
        var store = CreateStore(format);
        StoreDocument parsed;
        try
        {
            parsed = store.Parse(plain);
        }
        catch (StoreException)
        {
            return null;
        }

        if (parsed.Metadata is not null || parsed.Documents.IsEmpty)
        {
            return null;
        }

        var random = new Random(plain.Length);
        RandomSource source = b => random.NextBytes(b);
        var engine = new SopsEngine(new KeyRing([new AgeKeyProvider([Identity], b => random.NextBytes(b))]), source, new FixedClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero)));
        var settings = new EncryptionSettings([[MasterKey.Create("age", ("recipient", Identity.Recipient.ToString()!))]]) { WriteRule = format != "binary" };
        var (documents, metadata) = engine.EncryptAsync(parsed.Documents, settings, CancellationToken.None).GetAwaiter().GetResult();
        return store.Write(documents, MetadataCodec.Write(metadata), parsed);
    }

    [GeneratedRegex(@"ENC\[AES256_GCM,[^\]]*\]")]
    private static partial Regex Envelope();

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SopsNet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (SopsNet.sln) above " + AppContext.BaseDirectory);
    }
}
