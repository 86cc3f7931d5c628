using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Crypto.Parameters;
using BigInteger = Org.BouncyCastle.Math.BigInteger;

namespace SopsNet.Age;

/// <summary>Reads SSH private key files (OpenSSH "openssh-key-v1", PEM RSA) into age identities.</summary>
internal static class SshPrivateKey
{
    private const string OpenSshBegin = "-----BEGIN OPENSSH PRIVATE KEY-----";
    private const string OpenSshEnd = "-----END OPENSSH PRIVATE KEY-----";
    private static readonly byte[] Magic = Encoding.ASCII.GetBytes("openssh-key-v1\0");

    /// <summary>
    /// <paramref name="source"/> names the file or variable in messages; <paramref name="host"/> is asked
    /// for the passphrase of a protected OpenSSH key.
    /// </summary>
    public static IAgeIdentity Parse(string text, string source, AgeHost host)
    {
        if (text.Contains(OpenSshBegin, StringComparison.Ordinal))
        {
            return ParseOpenSsh(text, source, host);
        }

        if (text.Contains("-----BEGIN ENCRYPTED PRIVATE KEY-----", StringComparison.Ordinal) ||
            text.Contains("ENCRYPTED", StringComparison.Ordinal) && text.Contains("Proc-Type:", StringComparison.Ordinal))
        {
            throw new AgeException($"age: ssh private key {source} is passphrase-protected PEM, which is not supported; convert it with ssh-keygen -p -f FILE (which writes the OpenSSH format)");
        }

        if (text.Contains("-----BEGIN RSA PRIVATE KEY-----", StringComparison.Ordinal) ||
            text.Contains("-----BEGIN PRIVATE KEY-----", StringComparison.Ordinal))
        {
            return ParsePemRsa(text, source);
        }

        throw new AgeException($"age: {source} is not an ssh private key (expected an OpenSSH or PEM RSA private key)");
    }

    private static IAgeIdentity ParseOpenSsh(string text, string source, AgeHost host)
    {
        var start = text.IndexOf(OpenSshBegin, StringComparison.Ordinal) + OpenSshBegin.Length;
        var end = text.IndexOf(OpenSshEnd, start, StringComparison.Ordinal);
        byte[] data;
        try
        {
            data = end < 0 ? throw new FormatException() : Convert.FromBase64String(text[start..end]);
        }
        catch (FormatException)
        {
            throw new AgeException($"age: malformed ssh private key {source}: invalid armor or base64");
        }

        var what = $"ssh private key {source}";
        if (!data.AsSpan().StartsWith(Magic))
        {
            throw new AgeException($"age: malformed {what}: not openssh-key-v1");
        }

        var reader = new SshWire(data[Magic.Length..], what);
        var cipher = reader.ReadString();
        var kdf = reader.ReadString();
        var kdfOptions = reader.ReadBytes();
        if (reader.ReadUInt32() != 1)
        {
            throw new AgeException($"age: {what} holds several keys, which is not supported");
        }

        var publicBlob = reader.ReadBytes();
        var publicType = new SshWire(publicBlob, what).ReadString();
        var publicKey = new SshPublicKey(publicType, publicBlob);
        var privateSection = reader.ReadBytes();
        if (cipher == "none")
        {
            return ParsePrivateSection(privateSection, publicKey, source, what);
        }

        // The public half is stored in clear: the passphrase is asked only when a file has a stanza for it.
        var tag = reader.ReadRaw(reader.Remaining);
        return new EncryptedSshIdentity(publicKey, source, host, passphrase =>
            ParsePrivateSection(OpenSshKeyCipher.Decrypt(cipher, kdf, kdfOptions, privateSection, tag, passphrase, what), publicKey, source, what));
    }

    private static IAgeIdentity ParsePrivateSection(byte[] privateSection, SshPublicKey publicKey, string source, string what)
    {
        var secret = new SshWire(privateSection, what);
        if (secret.ReadUInt32() != secret.ReadUInt32())
        {
            throw new AgeException($"age: malformed {what}: check bytes differ");
        }

        var type = secret.ReadString();
        switch (type)
        {
            case "ssh-ed25519":
            {
                secret.ReadBytes(); // public key, repeated
                var pair = secret.ReadBytes();
                if (pair.Length != 64)
                {
                    throw new AgeException($"age: malformed {what}: bad ed25519 key length");
                }

                return new SshEd25519Identity(pair[..32], publicKey, source);
            }

            case "ssh-rsa":
            {
                var n = secret.ReadMpint();
                var e = secret.ReadMpint();
                var d = secret.ReadMpint();
                var qInv = secret.ReadMpint();
                var p = secret.ReadMpint();
                var q = secret.ReadMpint();
                var key = new RsaPrivateCrtKeyParameters(
                    n, e, d, p, q, d.Mod(p.Subtract(BigInteger.One)), d.Mod(q.Subtract(BigInteger.One)), qInv);
                return new SshRsaIdentity(key, source);
            }

            default:
                throw new AgeException($"age: {what} is of type \"{type}\"; only ssh-ed25519 and ssh-rsa keys can be age identities");
        }
    }

    private static IAgeIdentity ParsePemRsa(string text, string source)
    {
        RSAParameters parameters;
        try
        {
            using var rsa = RSA.Create();
            rsa.ImportFromPem(text);
            parameters = rsa.ExportParameters(true);
        }
        catch (Exception ex) when (ex is CryptographicException or ArgumentException)
        {
            throw new AgeException($"age: malformed ssh private key {source}: not a readable rsa key");
        }

        static BigInteger Big(byte[]? b) => new(1, b ?? []);
        var key = new RsaPrivateCrtKeyParameters(
            Big(parameters.Modulus), Big(parameters.Exponent), Big(parameters.D), Big(parameters.P), Big(parameters.Q),
            Big(parameters.DP), Big(parameters.DQ), Big(parameters.InverseQ));
        return new SshRsaIdentity(key, source);
    }
}
