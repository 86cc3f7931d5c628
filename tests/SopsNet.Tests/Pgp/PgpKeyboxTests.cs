using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using SopsNet.Keys;
using SopsNet.Pgp;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Pgp;

/// <summary>
/// Public keys come from GnuPG 2.1+'s pubring.kbx in process: every key gpg imported is found, what we
/// encrypt opens with gpg, and damaged keyboxes give one-line problems instead of crashes.
/// </summary>
public sealed class PgpKeyboxTests(PgpKeyboxTests.Home home) : IClassFixture<PgpKeyboxTests.Home>
{
    /// <summary>The sops functional-test keys: K1 and K2 with secret keys, K3 public only.</summary>
    public const string K1 = PgpCorpusTests.K1;
    public const string K2 = "D7229043384BCC60326C6FB9D8720D957C3D3074";
    public const string K3 = "B611A2F9F11D0FF82568805119F9B5DAEA91FF86";

    /// <summary>A fresh GnuPG home the real gpg imported the corpus keys into, so it wrote pubring.kbx.</summary>
    public sealed class Home : IDisposable
    {
        public GnupgHome Gnupg { get; } = new();

        public byte[] Keybox { get; }

        public Home()
        {
            Gnupg.Import(TestPaths.Corpus("keys/sops_functional_tests_key.asc"));
            Keybox = File.ReadAllBytes(Gnupg.File("pubring.kbx"));
        }

        public void Dispose() => Gnupg.Dispose();
    }

    [Theory]
    [InlineData(K1, "25294A17CD90507F")]
    [InlineData(K2, "5C5525B581705783")]
    [InlineData(K3, "832D91F4BEA02569")]
    public async Task EveryKeyGpgImportedIsFoundAndEncryptsToItsSubkey(string fp, string subkeyId)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var wrapped = await InProcessOnly(home.Gnupg.Path).WrapAsync(MasterKey.Create("pgp", ("fp", fp)), dataKey, CancellationToken.None);

        Assert.Contains("keyid " + subkeyId, ListPackets(wrapped.Enc), StringComparison.Ordinal);
        if (fp != K3)
        {
            Assert.Equal(dataKey, home.Gnupg.Decrypt(wrapped.Enc));
        }
    }

    [Fact]
    public async Task AStalePubringGpgBesideTheKeyboxIsIgnoredAsGpgIgnoresIt()
    {
        using var dir = new TempDir();
        var blobs = Blobs(home.Keybox);
        File.WriteAllBytes(dir.File("pubring.kbx"), [.. blobs[0], .. blobs[2]]);
        File.WriteAllBytes(dir.File("pubring.gpg"), home.Gnupg.Gpg(null, "--export", K1));

        Assert.NotNull(await TryWrap(dir.Path, K2));
        var missing = await Assert.ThrowsAsync<KeyUnwrapException>(() => TryWrap(dir.Path, K1));
        Assert.Equal($"no usable public key for {K1} in process, and gpg is not used", missing.Message);

        // Without a keybox, the legacy pubring.gpg is the keyring, as in GnuPG 2.0 homes.
        File.Delete(dir.File("pubring.kbx"));
        Assert.NotNull(await TryWrap(dir.Path, K1));
    }

    [Fact]
    public async Task EmptyX509UnknownHeaderAndEphemeralBlobsAreSkipped()
    {
        using var dir = new TempDir();
        var blobs = Blobs(home.Keybox);
        byte[] ephemeralK2 = [.. blobs[2]];
        ephemeralK2[7] |= 2;
        File.WriteAllBytes(dir.File("pubring.kbx"), [
            .. blobs[0],
            .. Blob(0, 40), // deleted
            .. Blob(3, 300), // X.509
            .. Blob(9, 64), // a type from the future
            .. blobs[1],
            .. ephemeralK2,
            .. blobs[0], // a second header
            .. blobs[3],
        ]);

        Assert.NotNull(await TryWrap(dir.Path, K1));
        Assert.NotNull(await TryWrap(dir.Path, K3));
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => TryWrap(dir.Path, K2));
        Assert.Equal($"no usable public key for {K2} in process, and gpg is not used", e.Message);
    }

    [Fact]
    public void AKeyboxCutAnywhereKeepsTheKeysBeforeTheCutAndNamesTheDamage()
    {
        using var dir = new TempDir();
        var file = dir.File("pubring.kbx");
        var blobs = Blobs(home.Keybox);
        var k1End = blobs[0].Length + blobs[1].Length;
        var ends = blobs.Select((b, i) => blobs.Take(i + 1).Sum(x => x.Length)).ToList();

        // Every cut through the header and the fixed part of each blob and around each blob's end; elsewhere, a sample.
        var cuts = Enumerable.Range(0, home.Keybox.Length).Where(c => c % 13 == 0 || ends.Any(e => c - e is >= -2 and < 48) || c < 48);
        foreach (var cut in cuts)
        {
            File.WriteAllBytes(file, home.Keybox[..cut]);

            var keys = LoadAndCheckProblems(dir.Path);

            Assert.True(cut < k1End || keys.EncryptionKey(PgpFingerprint.Parse(K1), DateTimeOffset.UtcNow) is not null, $"cut at {cut}: K1 lost");
            var whole = cut == 0 || ends.Contains(cut);
            Assert.True(whole == (keys.Problems.Count == 0), $"cut at {cut}: {string.Join("; ", keys.Problems)}");
        }
    }

    [Fact]
    public async Task RandomlyCorruptedKeyboxesNeverCrashAndFailOnOneLine()
    {
        using var dir = new TempDir();
        var random = new Random(16);
        for (var i = 0; i < 1000; i++)
        {
            var damaged = home.Keybox.ToArray();
            for (var n = random.Next(1, 6); n > 0; n--)
            {
                // Mostly single bytes; sometimes a whole length or offset field, as a torn write leaves them.
                var at = random.Next(damaged.Length - 4);
                if (random.Next(4) == 0)
                {
                    BinaryPrimitives.WriteUInt32BigEndian(damaged.AsSpan(at), (uint)random.Next());
                }
                else
                {
                    damaged[at] = (byte)random.Next(256);
                }
            }

            File.WriteAllBytes(dir.File("pubring.kbx"), damaged);
            LoadAndCheckProblems(dir.Path);

            // Encrypting is slow (BouncyCastle tests each RSA modulus), so only some damaged keys are used.
            if (i % 100 == 0)
            {
                await Outcome(dir.Path, K1);
            }
        }
    }

    [Fact]
    public async Task ADamagedKeyFailsOnOneLineNamingIt()
    {
        using var dir = new TempDir();
        var damaged = home.Keybox.ToArray();
        var subkey = new Org.BouncyCastle.Bcpg.OpenPgp.PgpPublicKeyRing(Keyblock(Blobs(home.Keybox)[1])).GetPublicKey(Convert.ToInt64("25294A17CD90507F", 16));
        var modulus = ((Org.BouncyCastle.Bcpg.RsaPublicBcpgKey)subkey.PublicKeyPacket.Key).Modulus.ToByteArrayUnsigned();
        var at = damaged.AsSpan().IndexOf(modulus);
        damaged[at + modulus.Length - 1] &= 0xfe;
        File.WriteAllBytes(dir.File("pubring.kbx"), damaged);

        var message = await Outcome(dir.Path, K1);

        // The key id is computed from the (now damaged) key material, so it is not the subkey's any more.
        Assert.StartsWith($"cannot encrypt for {K1} in process: its public key ", message, StringComparison.Ordinal);
        Assert.EndsWith(" is unusable: rsa modulus is even (parameter 'modulus')", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AKeyWhosePrimaryExpiredOrWasRevokedIsRefusedAsGpgRefusesIt()
    {
        using var gnupg = new GnupgHome();
        gnupg.Gpg(null, "--passphrase", "", "--quick-gen-key", "Expiring <expiring@example>", "ed25519", "cert", "1y");
        var expiring = gnupg.Fingerprints("expiring@example")[0];
        gnupg.Gpg(null, "--passphrase", "", "--quick-add-key", expiring, "cv25519", "encr", "never");
        var revoked = gnupg.GenerateCurve25519("revoked@example").Primary;

        // gpg writes a revocation certificate for each new key, with a ':' that keeps it from being imported by accident.
        File.WriteAllText(gnupg.File("revoke.asc"), File.ReadAllText(Path.Combine(gnupg.Path, "openpgp-revocs.d", revoked + ".rev")).Replace(":-----BEGIN", "-----BEGIN", StringComparison.Ordinal));
        gnupg.Import(gnupg.File("revoke.asc"));

        var now = new PgpKeyProvider(new PgpKeySources(gnupg.Path, [], []), null, TimeProvider.System);
        var later = new PgpKeyProvider(new PgpKeySources(gnupg.Path, [], []), null, new At(DateTimeOffset.UtcNow.AddYears(2)));
        var dataKey = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(dataKey, gnupg.Decrypt((await now.WrapAsync(MasterKey.Create("pgp", ("fp", expiring)), dataKey, CancellationToken.None)).Enc));
        var expired = await Assert.ThrowsAsync<KeyUnwrapException>(() => later.WrapAsync(MasterKey.Create("pgp", ("fp", expiring)), dataKey, CancellationToken.None));
        Assert.Equal($"no usable public key for {expiring} in process, and gpg is not used", expired.Message);
        await Assert.ThrowsAsync<KeyUnwrapException>(() => now.WrapAsync(MasterKey.Create("pgp", ("fp", revoked)), dataKey, CancellationToken.None));
        Assert.Contains("unusable public key", gnupg.TryGpg(dataKey, "--trust-model", "always", "-e", "-r", revoked).Stderr, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a keybox at all")]
    public async Task APubringKbxThatIsNoKeyboxIsNamedOrIgnoredWhenEmpty(string content)
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("pubring.kbx"), content);

        var message = await Outcome(dir.Path, K1);

        var expected = $"no usable public key for {K1} in process, and gpg is not used";
        Assert.Equal(content == "" ? expected : $"{expected} (cannot read {dir.File("pubring.kbx")}: not a gnupg keybox (no kbxf header))", message);
    }

    [Fact]
    public async Task AKeyboxGivenAsAnExportedPublicRingWorksToo()
    {
        using var dir = new TempDir();
        File.WriteAllBytes(dir.File("keys.kbx"), home.Keybox);
        var provider = new PgpKeyProvider(new PgpKeySources(null, [], [dir.File("keys.kbx")]), null, TimeProvider.System);

        var wrapped = await provider.WrapAsync(MasterKey.Create("pgp", ("fp", K2)), RandomNumberGenerator.GetBytes(32), CancellationToken.None);

        Assert.StartsWith("-----BEGIN PGP MESSAGE-----", wrapped.Enc, StringComparison.Ordinal);
    }

    /// <summary>Reads the keys of a home; whatever the damage, nothing is thrown and each problem is one line naming the file.</summary>
    private static PgpKeyStore LoadAndCheckProblems(string gnupgHome)
    {
        var keys = PgpKeyStore.Load(new PgpKeySources(gnupgHome, [], []));
        foreach (var problem in keys.Problems)
        {
            Assert.DoesNotContain('\n', problem);
            Assert.Contains(Path.Combine(gnupgHome, "pubring.kbx"), problem, StringComparison.Ordinal);
        }

        return keys;
    }

    /// <summary>Public keys from the home's keyring only; never gpg.</summary>
    private static PgpKeyProvider InProcessOnly(string gnupgHome) => new(new PgpKeySources(gnupgHome, [], []), null, TimeProvider.System);

    private static async Task<MasterKey> TryWrap(string gnupgHome, string fp) =>
        await InProcessOnly(gnupgHome).WrapAsync(MasterKey.Create("pgp", ("fp", fp)), RandomNumberGenerator.GetBytes(32), CancellationToken.None);

    /// <summary>Null when encrypting for <paramref name="fp"/> works, else the one-line reason.</summary>
    private static async Task<string?> Outcome(string gnupgHome, string fp)
    {
        try
        {
            await TryWrap(gnupgHome, fp);
            return null;
        }
        catch (KeyUnwrapException e)
        {
            Assert.DoesNotContain('\n', e.Message);
            Assert.Contains(fp, e.Message, StringComparison.Ordinal);
            return e.Message;
        }
    }

    private sealed class At(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }

    /// <summary>The blobs of a keybox, split on their length prefixes (header first).</summary>
    private static List<byte[]> Blobs(byte[] keybox)
    {
        var blobs = new List<byte[]>();
        for (var at = 0; at < keybox.Length;)
        {
            var length = (int)BinaryPrimitives.ReadUInt32BigEndian(keybox.AsSpan(at));
            blobs.Add(keybox[at..(at + length)]);
            at += length;
        }

        Assert.Equal(4, blobs.Count);
        Assert.Equal(1, blobs[0][4]);
        return blobs;
    }

    private static byte[] Keyblock(byte[] blob)
    {
        var start = (int)BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(8));
        return blob[start..(start + (int)BinaryPrimitives.ReadUInt32BigEndian(blob.AsSpan(12)))];
    }

    /// <summary>A blob of <paramref name="type"/>, <paramref name="length"/> bytes long, filled with bytes that look like a keyblock offset.</summary>
    private static byte[] Blob(byte type, int length)
    {
        var blob = Enumerable.Repeat((byte)0x10, length).ToArray();
        BinaryPrimitives.WriteUInt32BigEndian(blob, (uint)length);
        blob[4] = type;
        return blob;
    }

    /// <summary>gpg's packet dump; it also lists messages for keys it has no secret for (then exiting 2).</summary>
    private string ListPackets(string armored) =>
        home.Gnupg.TryGpg(Encoding.UTF8.GetBytes(armored), "--list-packets").StdoutText;
}
