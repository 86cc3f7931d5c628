using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace SopsNet.Age;

/// <summary>
/// RFC 9180 HPKE in base mode, for the one suite age's mlkem768x25519 stanza uses: KEM MLKEM768-X25519
/// (0x647a), KDF HKDF-SHA256 (0x0001), AEAD ChaCha20Poly1305 (0x0003). Each context seals one message
/// (sequence number 0, so the nonce is the base nonce) with empty associated data.
/// </summary>
internal static class Hpke
{
    private static readonly byte[] SuiteId = [.. "HPKE"u8, 0x64, 0x7a, 0x00, 0x01, 0x00, 0x03];

    public static byte[] Seal(byte[] sharedSecret, string info, ReadOnlySpan<byte> plaintext)
    {
        var (key, nonce) = KeySchedule(sharedSecret, info);
        var output = new byte[plaintext.Length + AgeCrypto.TagSize];
        using var aead = new ChaCha20Poly1305(key);
        aead.Encrypt(nonce, plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length));
        return output;
    }

    /// <summary>The plaintext, or null when authentication fails.</summary>
    public static byte[]? Open(byte[] sharedSecret, string info, ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length < AgeCrypto.TagSize)
        {
            return null;
        }

        var (key, nonce) = KeySchedule(sharedSecret, info);
        var plaintext = new byte[ciphertext.Length - AgeCrypto.TagSize];
        using var aead = new ChaCha20Poly1305(key);
        try
        {
            aead.Decrypt(nonce, ciphertext[..^AgeCrypto.TagSize], ciphertext[^AgeCrypto.TagSize..], plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static (byte[] Key, byte[] Nonce) KeySchedule(byte[] sharedSecret, string info)
    {
        var pskIdHash = LabeledExtract([], "psk_id_hash", []);
        var infoHash = LabeledExtract([], "info_hash", Encoding.ASCII.GetBytes(info));
        byte[] context = [0x00, .. pskIdHash, .. infoHash]; // mode_base
        var secret = LabeledExtract(sharedSecret, "secret", []);
        return (LabeledExpand(secret, "key", context, 32), LabeledExpand(secret, "base_nonce", context, 12));
    }

    private static byte[] LabeledExtract(byte[] salt, string label, byte[] ikm) =>
        HMACSHA256.HashData(salt, (byte[])[.. "HPKE-v1"u8, .. SuiteId, .. Encoding.ASCII.GetBytes(label), .. ikm]);

    private static byte[] LabeledExpand(byte[] prk, string label, byte[] info, int length)
    {
        var lengthPrefix = new byte[2];
        BinaryPrimitives.WriteUInt16BigEndian(lengthPrefix, (ushort)length);
        byte[] labeledInfo = [.. lengthPrefix, .. "HPKE-v1"u8, .. SuiteId, .. Encoding.ASCII.GetBytes(label), .. info];
        return HKDF.Expand(HashAlgorithmName.SHA256, prk, length, labeledInfo);
    }
}
