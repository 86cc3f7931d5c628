using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace SopsNet.Age;

/// <summary>The primitives the age stanzas share: HKDF-SHA-256, ChaCha20-Poly1305 with a zero nonce, X25519.</summary>
internal static class AgeCrypto
{
    public const int FileKeySize = 16;
    public const int TagSize = 16;

    /// <summary>
    /// HKDF-SHA-256 (RFC 5869) written out with HMAC, because the OpenSSL-backed <see cref="HKDF"/>
    /// rejects the empty input key that age's ssh-ed25519 tweak uses.
    /// </summary>
    public static byte[] Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, string info, int length = 32)
    {
        var prk = HMACSHA256.HashData(salt, ikm);
        var infoBytes = Encoding.ASCII.GetBytes(info);
        var output = new byte[length];
        var block = Array.Empty<byte>();
        for (var (i, pos) = (1, 0); pos < length; i++)
        {
            byte[] input = [.. block, .. infoBytes, (byte)i];
            block = HMACSHA256.HashData(prk, input);
            var n = Math.Min(block.Length, length - pos);
            block.AsSpan(0, n).CopyTo(output.AsSpan(pos));
            pos += n;
        }

        return output;
    }

    /// <summary>Seal with an all-zero nonce: safe because every wrap key is used exactly once.</summary>
    public static byte[] SealZeroNonce(byte[] key, ReadOnlySpan<byte> plaintext)
    {
        var output = new byte[plaintext.Length + TagSize];
        using var aead = new ChaCha20Poly1305(key);
        aead.Encrypt(new byte[12], plaintext, output.AsSpan(0, plaintext.Length), output.AsSpan(plaintext.Length));
        return output;
    }

    /// <summary>The plaintext, or null when authentication fails.</summary>
    public static byte[]? OpenZeroNonce(byte[] key, ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length < TagSize)
        {
            return null;
        }

        var plaintext = new byte[ciphertext.Length - TagSize];
        using var aead = new ChaCha20Poly1305(key);
        try
        {
            aead.Decrypt(new byte[12], ciphertext[..^TagSize], ciphertext[^TagSize..], plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    public static byte[] X25519Base(byte[] scalar)
    {
        var result = new byte[32];
        X25519.ScalarMultBase(scalar, 0, result, 0);
        return result;
    }

    /// <summary>X25519(scalar, point), or null for the all-zero output of a low-order point (age rejects it).</summary>
    public static byte[]? X25519Shared(byte[] scalar, byte[] point)
    {
        var result = new byte[32];
        return X25519.CalculateAgreement(scalar, 0, point, 0, result, 0) ? result : null;
    }

    private static readonly BigInteger P = BigInteger.Pow(2, 255) - 19;

    /// <summary>
    /// Ed25519 public key (little-endian y, sign bit of x on top) to the X25519 u-coordinate via the
    /// birational map u = (1 + y) / (1 - y) mod p, as age's agessh does.
    /// </summary>
    public static byte[]? Ed25519PublicToX25519(ReadOnlySpan<byte> edPublic)
    {
        var yBytes = edPublic.ToArray();
        yBytes[31] &= 0x7f;
        var y = new BigInteger(yBytes, isUnsigned: true, isBigEndian: false);
        var denominator = ((1 - y) % P + P) % P;
        if (denominator.IsZero)
        {
            return null;
        }

        var u = (1 + y) * BigInteger.ModPow(denominator, P - 2, P) % P;
        var output = new byte[32];
        u.TryWriteBytes(output, out _, isUnsigned: true, isBigEndian: false);
        return output;
    }
}
