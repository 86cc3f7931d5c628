namespace SopsNet.Age;

/// <summary>An <c>ssh-ed25519 AAAA…</c> recipient (age's agessh): X25519 with the converted key and a tweak.</summary>
public sealed class SshEd25519Recipient : IAgeRecipient
{
    internal const string Label = "age-encryption.org/v1/ssh-ed25519";
    private readonly SshPublicKey sshKey;
    private readonly byte[] montgomeryKey;

    internal SshEd25519Recipient(SshPublicKey sshKey)
    {
        var reader = new SshWire(sshKey.Blob, "ssh-ed25519 recipient");
        reader.ReadString();
        var edKey = reader.ReadBytes();
        if (edKey.Length != 32 || !reader.AtEnd)
        {
            throw new AgeException("age: malformed ssh-ed25519 recipient: the key is not 32 bytes");
        }

        this.sshKey = sshKey;
        montgomeryKey = AgeCrypto.Ed25519PublicToX25519(edKey)
            ?? throw new AgeException("age: malformed ssh-ed25519 recipient: invalid curve point");
    }

    public static SshEd25519Recipient Parse(string line) => new(SshPublicKey.ParseLine(line));

    public override string ToString() => sshKey.ToString();

    /// <summary>
    /// Multiplies the shared secret by a scalar derived from the SSH key blob, binding the stanza to the
    /// exact SSH key and not only its Montgomery form.
    /// </summary>
    internal static byte[] Tweak(byte[] shared, byte[] sshBlob) =>
        AgeCrypto.X25519Shared(AgeCrypto.Hkdf([], sshBlob, Label), shared) ?? new byte[32];

    public AgeWrappedKey Wrap(ReadOnlySpan<byte> fileKey, Action<Span<byte>> random)
    {
        var ephemeral = new byte[32];
        random(ephemeral);
        var share = AgeCrypto.X25519Base(ephemeral);
        var shared = AgeCrypto.X25519Shared(ephemeral, montgomeryKey)
            ?? throw new AgeException("age: ssh-ed25519 recipient is a low-order point");
        shared = Tweak(shared, sshKey.Blob);
        var wrapKey = AgeCrypto.Hkdf(shared, [.. share, .. montgomeryKey], Label);
        return AgeWrappedKey.Of(new AgeStanza("ssh-ed25519", [sshKey.Tag, AgeBase64.Encode(share)], AgeCrypto.SealZeroNonce(wrapKey, fileKey)));
    }
}
