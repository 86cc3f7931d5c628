namespace SopsNet.Age;

/// <summary>
/// A hybrid post-quantum age recipient, <c>age1pq1…</c> (age 1.3, sops 3.12+): the file key is sealed
/// with HPKE over MLKEM768-X25519 into an <c>mlkem768x25519</c> stanza.
/// </summary>
public sealed class HybridRecipient : IAgeRecipient
{
    internal const string Label = "age-encryption.org/mlkem768x25519";
    internal const string StanzaType = "mlkem768x25519";
    private readonly byte[] publicKey;

    internal HybridRecipient(byte[] publicKey)
    {
        this.publicKey = publicKey;
        Text = Bech32.Encode("age1pq", publicKey);
    }

    /// <summary>The canonical <c>age1pq1…</c> string (about 1,960 characters).</summary>
    public string Text { get; }

    public static HybridRecipient Parse(string text)
    {
        var decoded = Bech32.Decode(text);
        if (decoded is not { Hrp: "age1pq" } d || !MlKem768X25519.IsValidPublicKey(d.Data))
        {
            throw new AgeException($"age: malformed recipient \"{Abbreviate(text)}\": not a valid age1pq1… hybrid post-quantum public key");
        }

        return new HybridRecipient(d.Data);
    }

    /// <summary>
    /// The label says the stanza is post-quantum, so age (and <see cref="AgeFile.Encrypt"/>) refuse to put
    /// it in one file with X25519 or ssh stanzas. sops never does: each recipient gets its own age file.
    /// </summary>
    public AgeWrappedKey Wrap(ReadOnlySpan<byte> fileKey, Action<Span<byte>> random)
    {
        var (sharedSecret, enc) = MlKem768X25519.Encapsulate(publicKey, random);
        var body = Hpke.Seal(sharedSecret, Label, fileKey);
        return new AgeWrappedKey([new AgeStanza(StanzaType, [AgeBase64.Encode(enc)], body)], ["postquantum"]);
    }

    public override string ToString() => Text;

    /// <summary>A hybrid recipient is too long for a message line; its start and end identify it. Others pass unchanged.</summary>
    internal static string Abbreviate(string recipient) =>
        recipient.StartsWith("age1pq1", StringComparison.Ordinal) && recipient.Length > 40 ? $"{recipient[..20]}…{recipient[^12..]}" : recipient;
}
