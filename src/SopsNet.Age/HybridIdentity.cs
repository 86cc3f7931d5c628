using Org.BouncyCastle.Crypto.Parameters;

namespace SopsNet.Age;

/// <summary>
/// A hybrid post-quantum age identity, <c>AGE-SECRET-KEY-PQ-1…</c>: a 32-byte seed from which both the
/// ML-KEM-768 and the X25519 keys are derived.
/// </summary>
public sealed class HybridIdentity : IAgeIdentity
{
    private readonly byte[] seed;
    private readonly MLKemPrivateKeyParameters mlKem;
    private readonly byte[] x25519;

    private HybridIdentity(byte[] seed)
    {
        this.seed = seed;
        (mlKem, x25519) = MlKem768X25519.ExpandSeed(seed);
        Recipient = new HybridRecipient(MlKem768X25519.PublicKey(mlKem, x25519));
    }

    public HybridRecipient Recipient { get; }

    public string Description => $"{HybridRecipient.Abbreviate(Recipient.Text)} (hybrid post-quantum)";

    /// <summary>Parses <c>AGE-SECRET-KEY-PQ-1…</c>; the message never repeats the key.</summary>
    public static HybridIdentity Parse(string text)
    {
        var decoded = Bech32.Decode(text);
        if (decoded is not { Hrp: "AGE-SECRET-KEY-PQ-" } d || d.Data.Length != MlKem768X25519.SeedSize)
        {
            throw new AgeException("age: malformed identity: not a valid AGE-SECRET-KEY-PQ-1… hybrid post-quantum secret key");
        }

        return new HybridIdentity(d.Data);
    }

    /// <summary>A fresh identity (what <c>age-keygen -pq</c> does).</summary>
    public static HybridIdentity Generate(Action<Span<byte>>? random = null)
    {
        var secret = new byte[MlKem768X25519.SeedSize];
        (random ?? SopsNet.Crypto.SystemRandom.Fill)(secret);
        return new HybridIdentity(secret);
    }

    /// <summary>The <c>AGE-SECRET-KEY-PQ-1…</c> string (secret: for writing key files only).</summary>
    public string ToSecretString() => Bech32.Encode("AGE-SECRET-KEY-PQ-", seed);

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas) => stanzas.Select(UnwrapStanza).FirstOrDefault(key => key is not null);

    private byte[]? UnwrapStanza(AgeStanza stanza)
    {
        if (stanza.Type != HybridRecipient.StanzaType)
        {
            return null;
        }

        if (stanza.Args.Count != 1)
        {
            throw new AgeException("age: corrupt file: invalid mlkem768x25519 stanza");
        }

        var enc = AgeBase64.Decode(stanza.Args[0], "an mlkem768x25519 stanza");

        // The body size is checked before decrypting, as the age spec requires, against partitioning oracles.
        if (enc.Length != MlKem768X25519.EncapsulatedKeySize || stanza.Body.Length != AgeCrypto.FileKeySize + AgeCrypto.TagSize)
        {
            throw new AgeException("age: corrupt file: invalid mlkem768x25519 stanza");
        }

        var sharedSecret = MlKem768X25519.Decapsulate(mlKem, x25519, enc);

        // Like X25519 stanzas, these carry no hint of their recipient: failing to open means "not ours".
        return Hpke.Open(sharedSecret, HybridRecipient.Label, stanza.Body);
    }
}
