using System.Buffers.Binary;
using System.Security.Cryptography;

namespace SopsNet.Age;

/// <summary>
/// OpenBSD's bcrypt_pbkdf, the KDF of passphrase-protected OpenSSH keys ("openssh-key-v1" with kdf
/// "bcrypt"): PBKDF2-like rounds of a bcrypt hash over SHA-512 digests, with the output bytes spread
/// across blocks (key[i * blocks + block]) as the reference does.
/// </summary>
internal static class BcryptPbkdf
{
    private const int BlockSize = 32;
    private static readonly byte[] Magic = "OxychromaticBlowfishSwatDynamite"u8.ToArray();

    public static byte[] DeriveKey(ReadOnlySpan<byte> password, ReadOnlySpan<byte> salt, int rounds, int length)
    {
        if (rounds < 1 || password.IsEmpty || salt.IsEmpty || length is < 1 or > 1024)
        {
            throw new ArgumentException("bcrypt_pbkdf: invalid parameters");
        }

        var blocks = (length + BlockSize - 1) / BlockSize;
        var key = new byte[blocks * BlockSize];
        var sha2Pass = SHA512.HashData(password);
        var counter = new byte[4];
        for (var block = 1; block <= blocks; block++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(counter, (uint)block);
            var tmp = Hash(sha2Pass, SHA512.HashData([.. salt, .. counter]));
            var output = (byte[])tmp.Clone();
            for (var round = 2; round <= rounds; round++)
            {
                tmp = Hash(sha2Pass, SHA512.HashData(tmp));
                for (var i = 0; i < output.Length; i++)
                {
                    output[i] ^= tmp[i];
                }
            }

            for (var i = 0; i < BlockSize; i++)
            {
                key[i * blocks + block - 1] = output[i];
            }
        }

        return key[..length];
    }

    /// <summary>bcrypt_hash: 64 rounds of the salted key schedule, then "OxychromaticBlowfishSwatDynamite" encrypted 64 times.</summary>
    internal static byte[] Hash(byte[] sha2Pass, byte[] sha2Salt)
    {
        var state = new EksBlowfish();
        state.Expand(sha2Pass, sha2Salt);
        for (var i = 0; i < 64; i++)
        {
            state.Expand(sha2Salt);
            state.Expand(sha2Pass);
        }

        var words = new uint[8];
        for (var i = 0; i < 8; i++)
        {
            words[i] = BinaryPrimitives.ReadUInt32BigEndian(Magic.AsSpan(i * 4));
        }

        for (var i = 0; i < 8; i += 2)
        {
            for (var n = 0; n < 64; n++)
            {
                state.Encrypt(ref words[i], ref words[i + 1]);
            }
        }

        // The reference writes the words out little-endian.
        var output = new byte[BlockSize];
        for (var i = 0; i < 8; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(output.AsSpan(i * 4), words[i]);
        }

        return output;
    }
}
