namespace SopsNet.Age;

/// <summary>
/// A passphrase-protected OpenSSH key (age's agessh.EncryptedSSHIdentity, which sops uses): its public
/// key is readable, so the passphrase is asked only when a file has a stanza naming this key, and the
/// decrypted key is kept for the rest of the run so a batch of files asks once.
/// </summary>
internal sealed class EncryptedSshIdentity(SshPublicKey publicKey, string source, AgeHost host, Func<string, IAgeIdentity> decrypt) : IAgeIdentity
{
    private readonly Lock gate = new();
    private IAgeIdentity? decrypted;

    public string Description => $"{publicKey.Type} key {publicKey.Tag} ({source}, passphrase-protected)";

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas)
    {
        if (!stanzas.Any(s => s.Type == publicKey.Type && s.Args.Count > 0 && s.Args[0] == publicKey.Tag))
        {
            return null;
        }

        return Decrypted().Unwrap(stanzas);
    }

    private IAgeIdentity Decrypted()
    {
        lock (gate)
        {
            // sops's prompt, word for word.
            return decrypted ??= decrypt(host.RequestValue($"Enter passphrase for \"{source}\":", true)
                ?? throw new AgeException(
                    $"age: ssh private key {source} is passphrase-protected and no passphrase was given " +
                    "(without a terminal, SSH_ASKPASS must name a program that answers)"));
        }
    }
}
