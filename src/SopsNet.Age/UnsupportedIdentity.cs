namespace SopsNet.Age;

/// <summary>
/// An identity we recognise but cannot use (hybrid post-quantum, plugin, passphrase-protected SSH key).
/// Kept in the list instead of failing the whole key file, so the other identities still work and a
/// "no identity matched" message can say why this one was of no help.
/// </summary>
internal sealed class UnsupportedIdentity(string description, string? sshType = null, string? sshTag = null, string? reason = null) : IAgeIdentity
{
    public string Description { get; } = description;

    public byte[]? Unwrap(AgeStanza stanza)
    {
        // A passphrase-protected SSH key still shows its public key, so we can tell when the stanza is
        // meant for it and say so precisely instead of "no identity matched".
        if (sshType is not null && stanza.Type == sshType && stanza.Args.Count > 0 && stanza.Args[0] == sshTag)
        {
            throw new AgeException($"age: {reason}");
        }

        return null;
    }
}
