using System.Diagnostics;
using System.Security.Cryptography;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Pgp;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Pgp;

/// <summary>Each way a PGP key can fail gives one line naming the fingerprint, and the key ring turns it into exit 128.</summary>
[Collection(PgpTestKeys.Collection)]
public sealed class PgpErrorTests(PgpTestKeys keys)
{
    private PgpKeyProvider BothPaths(params string[] secretRings) =>
        new(new PgpKeySources(keys.Home.Path, secretRings, [keys.PublicRing]), keys.Home.GpgProvider(), TimeProvider.System);

    private async Task<MasterKey> WrappedFor(string fp) =>
        await GnupgHome.InProcessOnly([], [keys.PublicRing]).WrapAsync(MasterKey.Create("pgp", ("fp", fp)), RandomNumberGenerator.GetBytes(32), CancellationToken.None);

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task AKeyNoSourceHolds()
    {
        // A real sops stanza for the corpus key K1, which this home does not have.
        var enc = File.ReadAllText(TestPaths.Corpus("sops/functional-tests/res/format.enc.yaml"));
        var armor = enc[enc.IndexOf("-----BEGIN PGP MESSAGE-----", StringComparison.Ordinal)..(enc.IndexOf("-----END PGP MESSAGE-----", StringComparison.Ordinal) + 25)];
        var key = MasterKey.Create("pgp", ("fp", PgpCorpusTests.K1), ("enc", string.Join("\n", armor.Split('\n').Select(l => l.Trim()))));

        var message = await AssertFailsOnOneLine(BothPaths(keys.SecretRing), key, PgpCorpusTests.K1);

        Assert.Contains($"no secret key for {PgpCorpusTests.K1}", message, StringComparison.Ordinal);
        Assert.Contains("gpg could not decrypt", message, StringComparison.Ordinal);
        Assert.Contains("no secret key", message[message.IndexOf("gpg could not", StringComparison.Ordinal)..], StringComparison.Ordinal);
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task WithNothingInProcessOnlyGpgIsQuoted()
    {
        var key = await WrappedFor(keys.Protected.Primary);
        var provider = new PgpKeyProvider(new PgpKeySources(keys.Home.Path, [], []), keys.Home.GpgProvider(), TimeProvider.System);

        var message = await AssertFailsOnOneLine(provider, key, keys.Protected.Primary);

        Assert.Equal($"gpg could not decrypt the key for {keys.Protected.Primary}: decryption failed: no secret key", message);
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task AGivenKeyRingThatDoesNotExistIsNamed()
    {
        var key = await WrappedFor(keys.Rsa.Primary);
        var missing = keys.Home.File("no-such-ring.asc");

        var message = await AssertFailsOnOneLine(GnupgHome.InProcessOnly([missing]), key, keys.Rsa.Primary);

        Assert.Contains($"{missing} does not exist", message, StringComparison.Ordinal);
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task APassphraseProtectedKeyWithoutPinentryFailsFast()
    {
        var key = await WrappedFor(keys.Protected.Primary);
        var clock = Stopwatch.StartNew();

        var message = await AssertFailsOnOneLine(BothPaths(keys.ProtectedSecretRing), key, keys.Protected.Primary);

        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
        Assert.Contains("passphrase-protected", message, StringComparison.Ordinal);
        Assert.Contains("gpg could not decrypt", message, StringComparison.Ordinal);
    }

    [ExternalToolTheory(ExternalTool.Gpg)]
    [InlineData("flipped")]
    [InlineData("truncated")]
    [InlineData("not armor")]
    public async Task ACorruptedEnc(string damage)
    {
        var key = await WrappedFor(keys.Rsa.Primary);
        var lines = key.Enc.Split('\n');
        var enc = damage switch
        {
            // One base64 character of the body changed: the armor checksum no longer matches.
            "flipped" => string.Join("\n", lines.Select((l, i) => i == 3 ? (l[10] == 'A' ? "B" : "A") + l[..10][1..] + l[10..] : l)),
            "truncated" => string.Join("\n", lines.Take(4)),
            _ => "this is not a pgp message",
        };

        var message = await AssertFailsOnOneLine(BothPaths(keys.SecretRing), key.With("enc", enc), keys.Rsa.Primary);

        Assert.Contains("not a valid pgp message", message, StringComparison.Ordinal);
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task AMissingGpgBinaryNamesSopsGpgExec()
    {
        var key = await WrappedFor(keys.Protected.Primary);
        var provider = new PgpKeyProvider(null, keys.Home.GpgProvider("/nonexistent/gpg"), TimeProvider.System);

        var message = await AssertFailsOnOneLine(provider, key, keys.Protected.Primary);

        Assert.Contains("SOPS_GPG_EXEC", message, StringComparison.Ordinal);
        Assert.EndsWith("no such file or directory", message, StringComparison.Ordinal);
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task EncryptingForAnUnknownKeyNamesIt()
    {
        const string unknown = "0123456789ABCDEF0123456789ABCDEF01234567";
        var ring = new KeyRing([BothPaths()]);

        var e = await Assert.ThrowsAsync<SopsException>(() =>
            ring.WrapAsync([[MasterKey.Create("pgp", ("fp", unknown))]], RandomNumberGenerator.GetBytes(32), CancellationToken.None));

        Assert.Equal(SopsError.Generic, e.Error);
        Assert.Contains(unknown, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task TheKeyRingListsEveryFailureAndGivesExit128()
    {
        var missing = await GnupgHome.InProcessOnly([], [keys.PublicRing]).WrapAsync(
            MasterKey.Create("pgp", ("fp", keys.Rsa.Primary)), RandomNumberGenerator.GetBytes(32), CancellationToken.None);
        var protectedKey = await WrappedFor(keys.Protected.Primary);
        var metadata = new SopsMetadata { LastModified = "2025-01-01T00:00:00Z", KeyGroups = [[missing, protectedKey]] };

        // Holds only the curve key: neither stanza can be opened.
        var ring = new KeyRing([BothPathsWithoutHomeKeys(keys.CurveSecretRing)]);
        var e = await Assert.ThrowsAsync<SopsException>(() => ring.UnwrapAsync(metadata, CancellationToken.None));

        Assert.Equal(SopsError.CouldNotRetrieveKey, e.Error);
        Assert.Equal(128, (int)e.Error);
        Assert.Contains(keys.Rsa.Primary, e.Message, StringComparison.Ordinal);
        Assert.Contains(keys.Protected.Primary, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
    }

    /// <summary>In process only, with gpg pointed at a missing binary so this home's keys are out of reach.</summary>
    private static PgpKeyProvider BothPathsWithoutHomeKeys(string secretRing) =>
        new(new PgpKeySources(null, [secretRing], []), new GpgKeyProvider("/nonexistent/gpg", new Dictionary<string, string>(), TimeProvider.System), TimeProvider.System);

    private static async Task<string> AssertFailsOnOneLine(IKeyProvider provider, MasterKey key, string fp)
    {
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.UnwrapAsync(key, CancellationToken.None));
        Assert.Contains(fp, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', e.Message);
        Assert.DoesNotContain("BEGIN PGP", e.Message, StringComparison.Ordinal);

        // Through the key ring, the same failure is sops's "could not retrieve key" (exit 128).
        var ring = new KeyRing([provider]);
        var metadata = new SopsMetadata { LastModified = "2025-01-01T00:00:00Z", KeyGroups = [[key]] };
        var sops = await Assert.ThrowsAsync<SopsException>(() => ring.UnwrapAsync(metadata, CancellationToken.None));
        Assert.Equal(SopsError.CouldNotRetrieveKey, sops.Error);
        Assert.Contains(fp, sops.Message, StringComparison.Ordinal);
        return e.Message;
    }
}
