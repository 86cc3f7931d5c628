using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SopsNet.Age;

/// <summary>
/// Decrypts the private section of a passphrase-protected "openssh-key-v1" key, as ssh-keygen writes it:
/// kdf "bcrypt" (bcrypt_pbkdf of the passphrase with the stored salt and rounds) gives the cipher key
/// followed by its IV; AES-CTR, or AES-GCM whose 16-byte tag follows the encrypted section.
/// </summary>
internal static class OpenSshKeyCipher
{
    public static byte[] Decrypt(string cipher, string kdf, byte[] kdfOptions, byte[] encrypted, byte[] tag, string passphrase, string what)
    {
        var (keySize, gcm) = cipher switch
        {
            "aes128-ctr" => (16, false),
            "aes192-ctr" => (24, false),
            "aes256-ctr" => (32, false),
            "aes128-gcm@openssh.com" => (16, true),
            "aes256-gcm@openssh.com" => (32, true),
            _ => throw new AgeException($"age: {what} is encrypted with \"{cipher}\", which is not supported (aes256-ctr, the ssh-keygen default, and aes256-gcm@openssh.com are)"),
        };
        if (kdf != "bcrypt")
        {
            throw new AgeException($"age: {what} uses the key derivation \"{kdf}\", which is not supported (only bcrypt)");
        }

        var options = new SshWire(kdfOptions, what);
        var salt = options.ReadBytes();
        var rounds = options.ReadUInt32();
        var ivSize = gcm ? 12 : 16;
        if (salt.Length == 0 || rounds is 0 or > int.MaxValue || encrypted.Length % 16 != 0 || tag.Length != (gcm ? 16 : 0))
        {
            throw new AgeException($"age: malformed {what}: bad encryption parameters");
        }

        if (passphrase.Length == 0)
        {
            throw IncorrectPassphrase(what);
        }

        var derived = BcryptPbkdf.DeriveKey(Encoding.UTF8.GetBytes(passphrase), salt, (int)rounds, keySize + ivSize);
        var key = derived[..keySize];
        var iv = derived[keySize..];
        var plaintext = new byte[encrypted.Length];
        if (gcm)
        {
            using var aes = new AesGcm(key, 16);
            try
            {
                aes.Decrypt(iv, encrypted, tag, plaintext);
            }
            catch (AuthenticationTagMismatchException)
            {
                throw IncorrectPassphrase(what);
            }
        }
        else
        {
            Ctr(key, iv, encrypted, plaintext);
        }

        // The section starts with the same random 32-bit check value twice: with CTR, a wrong
        // passphrase shows up here.
        if (plaintext.Length < 8 || BinaryPrimitives.ReadUInt32BigEndian(plaintext) != BinaryPrimitives.ReadUInt32BigEndian(plaintext.AsSpan(4)))
        {
            throw IncorrectPassphrase(what);
        }

        return plaintext;
    }

    /// <summary>AES-CTR with a 128-bit big-endian counter (OpenSSH's), built on ECB because .NET has no CTR mode.</summary>
    private static void Ctr(byte[] key, byte[] iv, ReadOnlySpan<byte> input, Span<byte> output)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var counter = (byte[])iv.Clone();
        var keystream = new byte[16];
        for (var offset = 0; offset < input.Length; offset += 16)
        {
            aes.EncryptEcb(counter, keystream, PaddingMode.None);
            for (var i = 0; i < 16 && offset + i < input.Length; i++)
            {
                output[offset + i] = (byte)(input[offset + i] ^ keystream[i]);
            }

            for (var i = 15; i >= 0 && ++counter[i] == 0; i--)
            {
            }
        }
    }

    private static AgeException IncorrectPassphrase(string what) => new($"age: incorrect passphrase for {what}");
}
