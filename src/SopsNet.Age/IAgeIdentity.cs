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
    /// The file key, or null when the stanza is not for this identity. Throws <see cref="AgeException"/>
    /// when the stanza is for this identity but is malformed or does not open.
    /// </summary>
    byte[]? Unwrap(AgeStanza stanza);
}
