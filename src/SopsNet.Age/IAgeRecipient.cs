namespace SopsNet.Age;

/// <summary>Something an age file key can be wrapped for (age's <c>Recipient</c>).</summary>
public interface IAgeRecipient
{
    /// <summary>
    /// Wraps the 16-byte file key into its stanzas (one for native recipients, possibly several from a
    /// plugin) and the labels that say which other recipients they may be mixed with; <paramref name="random"/>
    /// fills ephemeral secrets.
    /// </summary>
    AgeWrappedKey Wrap(ReadOnlySpan<byte> fileKey, Action<Span<byte>> random);
}
