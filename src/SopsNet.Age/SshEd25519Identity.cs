using System.Security.Cryptography;

namespace SopsNet.Age;

/// <summary>An unencrypted OpenSSH ed25519 private key used as an age identity.</summary>
public sealed class SshEd25519Identity : IAgeIdentity
{
    private readonly SshPublicKey sshKey;
    private readonly byte[] secretKey;
    private readonly byte[] montgomeryKey;

    internal SshEd25519Identity(byte[] seed, SshPublicKey sshKey, string source)
    {
        this.sshKey = sshKey;

        // The X25519 scalar is the clamped first half of SHA-512(seed), the same scalar Ed25519 signs
        // with, so it matches the birationally converted public key.
        secretKey = SHA512.HashData(seed)[..32];
        montgomeryKey = AgeCrypto.X25519Base(secretKey);
        Description = $"ssh-ed25519 key {sshKey.Tag} ({source})";
    }

    public string Description { get; }

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas) => stanzas.Select(UnwrapStanza).FirstOrDefault(key => key is not null);

    private byte[]? UnwrapStanza(AgeStanza stanza)
    {
        if (stanza.Type != "ssh-ed25519")
        {
            return null;
        }

        if (stanza.Args.Count != 2)
        {
            throw new AgeException("age: corrupt file: invalid ssh-ed25519 stanza");
        }

        var share = AgeBase64.Decode(stanza.Args[1], "an ssh-ed25519 stanza");
        if (share.Length != 32)
        {
            throw new AgeException("age: corrupt file: invalid ssh-ed25519 stanza");
        }

        if (stanza.Args[0] != sshKey.Tag)
        {
            return null;
        }

        var shared = AgeCrypto.X25519Shared(secretKey, share)
            ?? throw new AgeException("age: corrupt file: invalid ssh-ed25519 stanza (low-order share)");
        shared = SshEd25519Recipient.Tweak(shared, sshKey.Blob);
        var wrapKey = AgeCrypto.Hkdf(shared, [.. share, .. montgomeryKey], SshEd25519Recipient.Label);

        // The tag matched, so this stanza is meant for this key: failing to open it is an error (as in age).
        return AgeCrypto.OpenZeroNonce(wrapKey, stanza.Body)
            ?? throw new AgeException($"age: corrupt file: the ssh-ed25519 stanza for {Description} does not open");
    }
}
