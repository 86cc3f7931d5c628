using System.Text;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Encodings;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace SopsNet.Age;

/// <summary>An <c>ssh-rsa AAAA…</c> recipient (age's agessh): RSA-OAEP-SHA-256 with a label.</summary>
public sealed class SshRsaRecipient : IAgeRecipient
{
    // .NET's RSA has no OAEP label parameter, hence BouncyCastle's OAEP here.
    internal static readonly byte[] Label = Encoding.ASCII.GetBytes("age-encryption.org/v1/ssh-rsa");
    private readonly SshPublicKey sshKey;
    private readonly RsaKeyParameters key;

    internal SshRsaRecipient(SshPublicKey sshKey)
    {
        var reader = new SshWire(sshKey.Blob, "ssh-rsa recipient");
        reader.ReadString();
        var e = reader.ReadMpint();
        var n = reader.ReadMpint();
        if (!reader.AtEnd || n.BitLength < 1024)
        {
            throw new AgeException("age: malformed ssh-rsa recipient: invalid or too small (< 1024 bits) rsa key");
        }

        this.sshKey = sshKey;
        key = new RsaKeyParameters(false, n, e);
    }

    public static SshRsaRecipient Parse(string line) => new(SshPublicKey.ParseLine(line));

    public override string ToString() => sshKey.ToString();

    internal static OaepEncoding Oaep() => new(new RsaBlindedEngine(), new Sha256Digest(), new Sha256Digest(), Label);

    public AgeWrappedKey Wrap(ReadOnlySpan<byte> fileKey, Action<Span<byte>> random)
    {
        var oaep = Oaep();
        oaep.Init(true, new ParametersWithRandom(key, new SecureRandom()));
        var body = oaep.ProcessBlock(fileKey.ToArray(), 0, fileKey.Length);
        return AgeWrappedKey.Of(new AgeStanza("ssh-rsa", [sshKey.Tag], body));
    }
}
