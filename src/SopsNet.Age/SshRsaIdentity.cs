using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Parameters;

namespace SopsNet.Age;

/// <summary>An unencrypted RSA private key (OpenSSH or PEM) used as an age identity.</summary>
public sealed class SshRsaIdentity : IAgeIdentity
{
    private readonly SshPublicKey sshKey;
    private readonly RsaPrivateCrtKeyParameters key;

    internal SshRsaIdentity(RsaPrivateCrtKeyParameters key, string source)
    {
        this.key = key;
        sshKey = new SshPublicKey("ssh-rsa", SshWire.Build("ssh-rsa", key.PublicExponent, key.Modulus));
        Description = $"ssh-rsa key {sshKey.Tag} ({source})";
    }

    public string Description { get; }

    public byte[]? Unwrap(IReadOnlyList<AgeStanza> stanzas) => stanzas.Select(UnwrapStanza).FirstOrDefault(key => key is not null);

    private byte[]? UnwrapStanza(AgeStanza stanza)
    {
        if (stanza.Type != "ssh-rsa")
        {
            return null;
        }

        if (stanza.Args.Count != 1)
        {
            throw new AgeException("age: corrupt file: invalid ssh-rsa stanza");
        }

        if (stanza.Args[0] != sshKey.Tag)
        {
            return null;
        }

        var oaep = SshRsaRecipient.Oaep();
        oaep.Init(false, key);
        try
        {
            return oaep.ProcessBlock(stanza.Body, 0, stanza.Body.Length);
        }
        catch (InvalidCipherTextException)
        {
            throw new AgeException($"age: corrupt file: the ssh-rsa stanza for {Description} does not open");
        }
    }
}
