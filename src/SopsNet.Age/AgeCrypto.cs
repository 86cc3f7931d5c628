using System.Numerics;
using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Macs;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math.EC.Rfc7748;

namespace SopsNet.Age;

/// <summary>
/// The primitives the age stanzas share: HKDF-SHA-256, ChaCha20-Poly1305, X25519. All are BouncyCastle's
/// managed code, not the BCL's: on Linux the BCL's HMAC and ChaCha20-Poly1305 load OpenSSL, which costs a
/// command-line run several milliseconds, more than all the work on a sops data key (tests check that
/// both give the same bytes).
/// </summary>
internal static class AgeCrypto
{
    public const int FileKeySize = 16;
    public const int TagSize = 16;
    private const int NonceSize = 12;

    /// <summary>
    /// HKDF-SHA-256 (RFC 5869) written out with HMAC (which also takes the empty input key that age's
    /// ssh-ed25519 tweak uses, where the BCL's HKDF refuses it).
    /// </summary>
    public static byte[] Hkdf(ReadOnlySpan<byte> ikm, ReadOnlySpan<byte> salt, string info, int length = 32)
    {
        var prk = HmacSha256(salt, ikm);
        var infoBytes = Encoding.ASCII.GetBytes(info);
        var output = new byte[length];
        var block = Array.Empty<byte>();
        for (var (i, pos) = (1, 0); pos < length; i++)
        {
            byte[] input = [.. block, .. infoBytes, (byte)i];
            block = HmacSha256(prk, input);
            var n = Math.Min(block.Length, length - pos);
            block.AsSpan(0, n).CopyTo(output.AsSpan(pos));
            pos += n;
        }

        return output;
    }

    public static byte[] HmacSha256(ReadOnlySpan<byte> key, ReadOnlySpan<byte> data)
    {
        var hmac = new HMac(new Sha256Digest());
        hmac.Init(new KeyParameter(key));
        hmac.BlockUpdate(data);
        var output = new byte[hmac.GetMacSize()];
        hmac.DoFinal(output, 0);
        return output;
    }

    /// <summary>Seal with an all-zero nonce: safe because every wrap key is used exactly once.</summary>
    public static byte[] SealZeroNonce(byte[] key, ReadOnlySpan<byte> plaintext) => Seal(key, new byte[NonceSize], plaintext);

    /// <summary>The plaintext, or null when authentication fails.</summary>
    public static byte[]? OpenZeroNonce(byte[] key, ReadOnlySpan<byte> ciphertext) => Open(key, new byte[NonceSize], ciphertext);

    /// <summary>ChaCha20-Poly1305: the ciphertext with its tag after it.</summary>
    public static byte[] Seal(byte[] key, byte[] nonce, ReadOnlySpan<byte> plaintext)
    {
        var aead = Aead(key, nonce, encrypt: true);
        var output = new byte[plaintext.Length + TagSize];
        var n = aead.ProcessBytes(plaintext, output);
        aead.DoFinal(output.AsSpan(n));
        return output;
    }

    /// <summary>ChaCha20-Poly1305 of a ciphertext with its tag after it: the plaintext, or null when authentication fails.</summary>
    public static byte[]? Open(byte[] key, byte[] nonce, ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length < TagSize)
        {
            return null;
        }

        var aead = Aead(key, nonce, encrypt: false);
        var plaintext = new byte[ciphertext.Length - TagSize];
        try
        {
            var n = aead.ProcessBytes(ciphertext, plaintext);
            aead.DoFinal(plaintext.AsSpan(n));
            return plaintext;
        }
        catch (InvalidCipherTextException)
        {
            return null;
        }
    }

    private static Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305 Aead(byte[] key, byte[] nonce, bool encrypt)
    {
        var aead = new Org.BouncyCastle.Crypto.Modes.ChaCha20Poly1305();
        aead.Init(encrypt, new AeadParameters(new KeyParameter(key), TagSize * 8, nonce));
        return aead;
    }

    /// <summary>
    /// X25519(scalar, 9), the public key of a secret: the general scalar multiplication with the base point,
    /// not BouncyCastle's ScalarMultBase, whose first call builds precomputed tables that cost more than the
    /// few multiplications a command-line run makes (the result is the same).
    /// </summary>
    public static byte[] X25519Base(byte[] scalar)
    {
        var result = new byte[32];
        X25519.ScalarMult(scalar, 0, BasePoint, 0, result, 0);
        return result;
    }

    private static readonly byte[] BasePoint = [9, .. new byte[31]];

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
