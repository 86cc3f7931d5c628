using System.Security.Cryptography;
using SopsNet.Age;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Age;

/// <summary>Hybrid post-quantum identities and recipients (age1pq1…, AGE-SECRET-KEY-PQ-1…) on their own.</summary>
public sealed class HybridTests
{
    private static string CorpusPqIdentity => File.ReadAllText(TestPaths.Corpus("keys/age-test-hybrid-pq-identity.txt")).Trim();

    [Fact]
    public void WhatWeWrapForAPqRecipientOpensWithItsIdentityOnly()
    {
        var identity = HybridIdentity.Generate();
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var armored = AgeFile.EncryptArmored(dataKey, [AgeRecipients.Parse(identity.Recipient.Text)]);

        Assert.Equal(dataKey, AgeFile.Decrypt(armored, [identity]));
        Assert.Throws<AgeNoIdentityMatchedException>(() => AgeFile.Decrypt(armored, [HybridIdentity.Generate()]));
    }

    [Fact]
    public void KeyFilesHoldPqIdentitiesBesideX25519Ones()
    {
        var x25519 = X25519Identity.Generate();
        var pq = HybridIdentity.Parse(CorpusPqIdentity);
        var sealedForPq = AgeFile.Encrypt("pq"u8, [pq.Recipient]);

        var identities = AgeIdentities.ParseKeyFile($"# mixed\n{x25519.ToSecretString()}\n{CorpusPqIdentity}\n", "keys.txt");

        Assert.Equal(2, identities.Count);
        Assert.Equal("pq"u8.ToArray(), AgeFile.Decrypt(sealedForPq, identities));
        Assert.Equal(CorpusPqIdentity, pq.ToSecretString());
    }

    [Fact]
    public void APqRecipientIsNotMixedWithAClassicOneInOneAgeFile()
    {
        // age 1.3 refuses this (the classic stanza would undo the post-quantum one); sops files are not
        // affected, since each recipient gets its own age file.
        var ex = Assert.Throws<AgeException>(() =>
            AgeFile.Encrypt("x"u8, [HybridIdentity.Generate().Recipient, X25519Identity.Generate().Recipient]));

        Assert.Contains("cannot be mixed", ex.Message);
    }

    [Fact]
    public void AMalformedPqIdentityNamesTheLineNotTheKey()
    {
        var broken = CorpusPqIdentity[..^1] + (CorpusPqIdentity[^1] == 'Q' ? 'P' : 'Q');

        var ex = Assert.Throws<AgeException>(() => AgeIdentities.ParseKeyFile($"\n{broken}\n", "keys.txt"));

        Assert.Contains("keys.txt line 2", ex.Message);
        Assert.Contains("AGE-SECRET-KEY-PQ-1…", ex.Message);
        Assert.DoesNotContain(broken, ex.Message);
    }

    [Fact]
    public void MessagesShortenTheLongRecipient()
    {
        var identity = HybridIdentity.Parse(CorpusPqIdentity);
        var other = HybridIdentity.Generate();

        var ex = Assert.Throws<AgeNoIdentityMatchedException>(() =>
            AgeFile.Decrypt(AgeFile.Encrypt("x"u8, [other.Recipient]), [identity]));

        Assert.True(identity.Recipient.Text.Length > 1900);
        Assert.Contains(identity.Recipient.Text[..20] + "…" + identity.Recipient.Text[^12..], ex.Message);
        Assert.True(ex.Message.Length < 200, ex.Message);
    }
}
