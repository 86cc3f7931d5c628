using System.Security.Cryptography;
using System.Text;
using SopsNet.Age;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Pgp;
using SopsNet.Values;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Pgp;

/// <summary>What SopsNet writes opens with gpg and what gpg writes opens in SopsNet, for RSA and Curve25519 keys.</summary>
[Collection(PgpTestKeys.Collection)]
public sealed class PgpInteropTests(PgpTestKeys keys)
{
    private static MasterKey Key(string fp) => MasterKey.Create("pgp", ("fp", fp));

    [ExternalToolTheory(ExternalTool.Gpg)]
    [InlineData("rsa")]
    [InlineData("curve")]
    public async Task InProcessWrapOpensWithGpgDecrypt(string kind)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var provider = GnupgHome.InProcessOnly([], [keys.PublicRing]);

        var wrapped = await provider.WrapAsync(Key(keys.Primary(kind)), dataKey, CancellationToken.None);

        Assert.Equal(dataKey, keys.Home.Decrypt(wrapped.Enc));
        Assert.StartsWith("-----BEGIN PGP MESSAGE-----\n\n", wrapped.Enc, StringComparison.Ordinal);
        Assert.EndsWith("-----END PGP MESSAGE-----", wrapped.Enc, StringComparison.Ordinal);
        Assert.DoesNotContain("Version:", wrapped.Enc, StringComparison.Ordinal);
        Assert.Equal(keys.Primary(kind), wrapped.Field("fp"));
        Assert.True(GoTime.TryParseRfc3339(wrapped.Field("created_at")!, out _));

        // As gpg does, the primary's fingerprint encrypts to its encryption subkey.
        Assert.Contains("keyid " + keys.Subkey(kind)[^16..], ListPackets(wrapped.Enc), StringComparison.Ordinal);
    }

    [ExternalToolTheory(ExternalTool.Gpg)]
    [InlineData("rsa")]
    [InlineData("curve")]
    public async Task ThirtyThreeByteSharesRoundTripToo(string kind)
    {
        var share = RandomNumberGenerator.GetBytes(33);
        var wrapped = await GnupgHome.InProcessOnly([], [keys.PublicRing]).WrapAsync(Key(keys.Primary(kind)), share, CancellationToken.None);
        Assert.Equal(share, keys.Home.Decrypt(wrapped.Enc));
        Assert.Equal(share, await GnupgHome.InProcessOnly([keys.SecretRing]).UnwrapAsync(wrapped, CancellationToken.None));
    }

    [ExternalToolTheory(ExternalTool.Gpg)]
    [InlineData("rsa")]
    [InlineData("curve")]
    public async Task GpgWrapOpensInProcess(string kind)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = await keys.Home.GpgOnly().WrapAsync(Key(keys.Primary(kind)), dataKey, CancellationToken.None);

        Assert.EndsWith("-----END PGP MESSAGE-----", wrapped.Enc, StringComparison.Ordinal);
        Assert.Equal(dataKey, await GnupgHome.InProcessOnly([keys.SecretRing]).UnwrapAsync(wrapped, CancellationToken.None));
    }

    [ExternalToolTheory(ExternalTool.Gpg)]
    [InlineData("rsa", "zlib")]
    [InlineData("rsa", "zip")]
    [InlineData("rsa", "none")]
    [InlineData("curve", "zlib")]
    [InlineData("curve", "zip")]
    [InlineData("curve", "none")]
    public async Task WhatGpgEncryptsOpensInProcess(string kind, string compression)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        // --comment and --emit-version add armor headers, as old sops files have ("Version: GnuPG v1").
        var enc = keys.Home.Encrypt(dataKey, keys.Primary(kind), "--compress-algo", compression, "--emit-version", "--comment", "made by a test");
        var packets = ListPackets(enc);
        Assert.Equal(compression != "none", packets.Contains("compressed packet", StringComparison.Ordinal));
        Assert.Contains("mdc_method: 2", packets, StringComparison.Ordinal);

        var provider = GnupgHome.InProcessOnly([keys.SecretRing]);
        // gpg ends the armor with a newline; current sops trims it: both must open.
        Assert.EndsWith("\n", enc, StringComparison.Ordinal);
        Assert.Equal(dataKey, await provider.UnwrapAsync(Key(keys.Primary(kind)).With("enc", enc), CancellationToken.None));
        Assert.Equal(dataKey, await provider.UnwrapAsync(Key(keys.Primary(kind)).With("enc", enc.Trim()), CancellationToken.None));
    }

    [ExternalToolTheory(ExternalTool.Gpg)]
    [InlineData("--throw-keyids")]
    [InlineData("--sign")]
    public async Task HiddenRecipientsAndSignedMessagesOpenInProcess(string option)
    {
        // --throw-keyids writes key id 0 (every held key is tried); --sign adds one-pass signature packets around the literal.
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var enc = keys.Home.Encrypt(dataKey, keys.Curve.Primary, option, "--local-user", keys.Rsa.Primary);

        var unwrapped = await GnupgHome.InProcessOnly([keys.SecretRing]).UnwrapAsync(
            MasterKey.Create("pgp", ("fp", keys.Curve.Primary), ("enc", enc)), CancellationToken.None);

        Assert.Equal(dataKey, unwrapped);
    }

    [ExternalToolTheory(ExternalTool.Gpg)]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ATrailingBangForcesThatSubkey(bool inProcess)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var fp = keys.Curve.Subkey + "!";
        var provider = inProcess ? GnupgHome.InProcessOnly([], [keys.PublicRing]) : keys.Home.GpgOnly();

        var wrapped = await provider.WrapAsync(Key(fp), dataKey, CancellationToken.None);

        Assert.Equal(fp, wrapped.Field("fp"));
        Assert.Contains("keyid " + keys.Curve.Subkey[^16..], ListPackets(wrapped.Enc), StringComparison.Ordinal);
        Assert.Equal(dataKey, keys.Home.Decrypt(wrapped.Enc));
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task WithoutAPublicKeyInProcessItFallsBackToGpgEncrypt()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        // No in-process public keys at all (no home, no rings): only gpg knows the key.
        var provider = new PgpKeyProvider(new PgpKeySources(null, [], []), keys.Home.GpgProvider(), TimeProvider.System);

        var wrapped = await provider.WrapAsync(Key(keys.Rsa.Primary), dataKey, CancellationToken.None);

        Assert.Equal(dataKey, keys.Home.Decrypt(wrapped.Enc));
    }

    [ExternalToolTheory(ExternalTool.Gpg)]
    [InlineData("rsa-pgp")]
    [InlineData("curve-pgp")]
    [InlineData("age")]
    public async Task ADataKeyForTwoPgpKeysAndOneAgeKeyOpensWithAnyOneAlone(string holder)
    {
        var age = X25519Identity.Generate();
        var writer = new KeyRing([GnupgHome.InProcessOnly([], [keys.PublicRing]), new AgeKeyProvider([])]);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var groups = await writer.WrapAsync(
            [[Key(keys.Rsa.Primary), Key(keys.Curve.Primary), MasterKey.Create("age", ("recipient", age.Recipient.Text))]],
            dataKey, CancellationToken.None);
        var metadata = new SopsMetadata { LastModified = "2025-01-01T00:00:00Z", KeyGroups = groups };

        // Each reader holds exactly one of the three keys; the others fail and are skipped.
        IKeyProvider pgp = holder switch
        {
            "rsa-pgp" => GnupgHome.InProcessOnly([keys.RsaSecretRing]),
            "curve-pgp" => GnupgHome.InProcessOnly([keys.CurveSecretRing]),
            _ => GnupgHome.InProcessOnly([keys.ProtectedSecretRing]),
        };
        var ageProvider = new AgeKeyProvider(holder == "age" ? [age] : [X25519Identity.Generate()]);
        var reader = new KeyRing([pgp, ageProvider]);

        Assert.Equal(dataKey, await reader.UnwrapAsync(metadata, CancellationToken.None));
    }

    /// <summary>gpg's packet dump (decrypting with this home's keys), to check the shape of a message.</summary>
    private string ListPackets(string armored) =>
        Encoding.UTF8.GetString(keys.Home.Gpg(Encoding.UTF8.GetBytes(armored), "--list-packets"));
}
