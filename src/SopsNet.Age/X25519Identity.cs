namespace SopsNet.Age;

/// <summary>A native age identity, <c>AGE-SECRET-KEY-1…</c>.</summary>
public sealed class X25519Identity : IAgeIdentity
{
    private readonly byte[] secretKey;
    private readonly byte[] publicKey;

    private X25519Identity(byte[] secretKey)
    {
        this.secretKey = secretKey;
        publicKey = AgeCrypto.X25519Base(secretKey);
        Recipient = new X25519Recipient(publicKey);
    }

    public X25519Recipient Recipient { get; }

    public string Description => Recipient.Text;

    /// <summary>Parses <c>AGE-SECRET-KEY-1…</c>; the message never repeats the key.</summary>
    public static X25519Identity Parse(string text)
    {
        var decoded = Bech32.Decode(text);
        if (decoded is not { Hrp: "AGE-SECRET-KEY-" } d || d.Data.Length != 32)
        {
            throw new AgeException("age: malformed identity: not a valid AGE-SECRET-KEY-1… X25519 secret key");
        }

        return new X25519Identity(d.Data);
    }

    /// <summary>A fresh identity (what <c>age-keygen</c> does).</summary>
    public static X25519Identity Generate(Action<Span<byte>>? random = null)
    {
        var secret = new byte[32];
        (random ?? SopsNet.Crypto.SystemRandom.Fill)(secret);
        return new X25519Identity(secret);
    }

    /// <summary>The <c>AGE-SECRET-KEY-1…</c> string (secret: for writing key files only).</summary>
    public string ToSecretString() => Bech32.Encode("AGE-SECRET-KEY-", secretKey);

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas) => stanzas.Select(UnwrapStanza).FirstOrDefault(key => key is not null);

    private byte[]? UnwrapStanza(AgeStanza stanza)
    {
        if (stanza.Type != "X25519")
        {
            return null;
        }

        if (stanza.Args.Count != 1)
        {
            throw new AgeException("age: corrupt file: invalid X25519 stanza");
        }

        var share = AgeBase64.Decode(stanza.Args[0], "an X25519 stanza");
        if (share.Length != 32 || stanza.Body.Length != AgeCrypto.FileKeySize + AgeCrypto.TagSize)
        {
            throw new AgeException("age: corrupt file: invalid X25519 stanza");
        }

        var shared = AgeCrypto.X25519Shared(secretKey, share)
            ?? throw new AgeException("age: corrupt file: invalid X25519 stanza (low-order share)");
        var wrapKey = AgeCrypto.Hkdf(shared, [.. share, .. publicKey], X25519Recipient.Label);

        // X25519 stanzas carry no hint of their recipient: failing to open one just means "not ours".
        return AgeCrypto.OpenZeroNonce(wrapKey, stanza.Body);
    }
}
