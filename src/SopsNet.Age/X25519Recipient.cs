namespace SopsNet.Age;

/// <summary>A native age recipient, <c>age1…</c>.</summary>
public sealed class X25519Recipient : IAgeRecipient
{
    internal const string Label = "age-encryption.org/v1/X25519";
    private readonly byte[] publicKey;

    internal X25519Recipient(byte[] publicKey)
    {
        this.publicKey = publicKey;
        Text = Bech32.Encode("age", publicKey);
    }

    /// <summary>The canonical <c>age1…</c> string.</summary>
    public string Text { get; }

    public static X25519Recipient Parse(string text)
    {
        var decoded = Bech32.Decode(text);
        if (decoded is not { Hrp: "age" } d || d.Data.Length != 32)
        {
            throw new AgeException($"age: malformed recipient \"{text}\": not a valid age1… X25519 public key");
        }

        return new X25519Recipient(d.Data);
    }

    public AgeWrappedKey Wrap(ReadOnlySpan<byte> fileKey, Action<Span<byte>> random)
    {
        var ephemeral = new byte[32];
        random(ephemeral);
        var share = AgeCrypto.X25519Base(ephemeral);
        var shared = AgeCrypto.X25519Shared(ephemeral, publicKey)
            ?? throw new AgeException($"age: recipient {Text} is a low-order point");
        var wrapKey = AgeCrypto.Hkdf(shared, [.. share, .. publicKey], Label);
        return AgeWrappedKey.Of(new AgeStanza("X25519", [AgeBase64.Encode(share)], AgeCrypto.SealZeroNonce(wrapKey, fileKey)));
    }

    public override string ToString() => Text;
}
