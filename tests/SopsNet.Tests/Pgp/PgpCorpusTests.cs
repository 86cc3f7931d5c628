using System.Text.Json;
using System.Text.RegularExpressions;
using SopsNet.Keys;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Pgp;

/// <summary>Every PGP stanza sops wrote in the corpus opens to the file's data key, in process and through gpg alone.</summary>
public sealed partial class PgpCorpusTests(PgpCorpusTests.Home home) : IClassFixture<PgpCorpusTests.Home>
{
    public const string K1 = "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4";

    /// <summary>The corpus key imported into a temporary home, and exported again as a secret key ring.</summary>
    public sealed class Home : IDisposable
    {
        public GnupgHome Gnupg { get; } = new();

        public string SecretRing { get; }

        public Home()
        {
            Gnupg.Import(TestPaths.Corpus("keys/sops_functional_tests_key.asc"));
            SecretRing = Gnupg.ExportSecret("exported-secret.asc", "");
        }

        public void Dispose() => Gnupg.Dispose();
    }

    public static TheoryData<string> Files() => [.. EncryptedFiles()];

    private static List<string> EncryptedFiles()
    {
        var root = TestPaths.Corpus("sops");
        return Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => File.ReadAllText(f).Contains("BEGIN PGP MESSAGE", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal)
            .ToList();
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public void TheCorpusHasEveryFormat() =>
        Assert.Equal([".env", ".ini", ".json", ".txt", ".yaml"], EncryptedFiles().Select(Path.GetExtension).Distinct().Order());

    [ExternalToolTheory(ExternalTool.Gpg)]
    [MemberData(nameof(Files))]
    public async Task InProcessFromAnExportedSecretRing(string file) =>
        await AssertEveryStanzaOpens(file, GnupgHome.InProcessOnly([home.SecretRing]));

    [ExternalToolTheory(ExternalTool.Gpg)]
    [MemberData(nameof(Files))]
    public async Task ThroughGpgOnly(string file) =>
        await AssertEveryStanzaOpens(file, home.Gnupg.GpgOnly());

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task AnExportedRingInADirectoryIsFound()
    {
        using var dir = new TempDir();
        File.Copy(home.SecretRing, dir.File("keys.asc"));
        var provider = GnupgHome.InProcessOnly([dir.Path]);
        await AssertEveryStanzaOpens("example.yaml", provider);
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task ABinaryExportWorksToo()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("secret.gpg"), home.Gnupg.Gpg(null, "--export-secret-keys", K1));
        await AssertEveryStanzaOpens("functional-tests/res/format.enc.yaml", GnupgHome.InProcessOnly([dir.File("secret.gpg")]));
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task ALegacySecringInTheHomeIsRead()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("secring.gpg"), home.Gnupg.Gpg(null, "--export-secret-keys", K1));
        var provider = new SopsNet.Pgp.PgpKeyProvider(new SopsNet.Pgp.PgpKeySources(dir.Path, [], []), null, TimeProvider.System);
        await AssertEveryStanzaOpens("functional-tests/res/format.enc.json", provider);
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task AGnupg21HomeWithoutExportsFallsBackToGpg()
    {
        // What the CLI builds by default: in process on, but the secret keys in private-keys-v1.d are gpg-agent's alone.
        var provider = new SopsNet.Pgp.PgpKeyProvider(new SopsNet.Pgp.PgpKeySources(home.Gnupg.Path, [], []), home.Gnupg.GpgProvider(), TimeProvider.System);
        await AssertEveryStanzaOpens("example.json", provider);
    }

    private static async Task AssertEveryStanzaOpens(string file, IKeyProvider provider)
    {
        var expected = ExpectedDataKey(file);
        var stanzas = PgpEncs(File.ReadAllText(TestPaths.Corpus("sops/" + file)));
        Assert.NotEmpty(stanzas);
        foreach (var (fp, enc) in stanzas)
        {
            var key = MasterKey.Create("pgp", ("fp", fp), ("enc", enc));
            Assert.Equal(expected, Convert.ToHexStringLower(await provider.UnwrapAsync(key, CancellationToken.None)));
        }
    }

    private static string ExpectedDataKey(string file)
    {
        using var vectors = JsonDocument.Parse(File.ReadAllText(TestPaths.Corpus($"derived-vectors/{file}.vectors.json")));
        return vectors.RootElement.GetProperty("test_data_key_hex").GetString()!;
    }

    /// <summary>
    /// The armored <c>enc</c> of each PGP stanza, whatever the store: YAML block scalars (indented lines),
    /// JSON/env/ini escapes (<c>\n</c>) and ini's <c>"""</c> multi-line form all reduce to trimmed lines.
    /// The fingerprint only labels error messages, so a position label stands in for it.
    /// </summary>
    private static List<(string Fp, string Enc)> PgpEncs(string text) =>
        Armor().Matches(text)
            .Select(m => ("stanza-" + m.Index, string.Join("\n", m.Value.Replace("\\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.Trim()))))
            .ToList();

    [GeneratedRegex("-----BEGIN PGP MESSAGE-----.*?-----END PGP MESSAGE-----", RegexOptions.Singleline)]
    private static partial Regex Armor();
}
