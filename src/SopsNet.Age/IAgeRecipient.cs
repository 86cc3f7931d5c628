namespace SopsNet.Age;

/// <summary>Something an age file key can be wrapped for (age's <c>Recipient</c>).</summary>
public interface IAgeRecipient
{
    /// <summary>Wraps the 16-byte file key into one stanza; <paramref name="random"/> fills ephemeral secrets.</summary>
    AgeStanza Wrap(ReadOnlySpan<byte> fileKey, Action<Span<byte>> random);
}
