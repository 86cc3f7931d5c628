namespace SopsNet.Age;

/// <summary>Something that can open age stanzas (age's <c>Identity</c>).</summary>
public interface IAgeIdentity
{
    /// <summary>
    /// A public description for messages: the matching recipient or key fingerprint, and where the
    /// identity came from. Never key material.
    /// </summary>
    string Description { get; }

    /// <summary>
    /// The file key from the first of the file's <paramref name="stanzas"/> this identity opens, or null
    /// when none is for it. Throws <see cref="AgeException"/> when a stanza is for this identity but is
    /// malformed or does not open. All stanzas come at once because a plugin sees the whole header.
    /// </summary>
    byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas);
}
