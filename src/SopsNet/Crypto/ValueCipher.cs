using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace SopsNet.Crypto;

/// <summary>
/// AES-256-GCM as sops uses it: a 32-byte random IV (the BCL's AesGcm only takes 12-byte nonces, so
/// BouncyCastle's general GCM derives J0 by GHASH) and a 16-byte tag kept apart from the data.
/// </summary>
public static class ValueCipher
{
    public const int IvSize = 32;
    private const int TagBits = 128;

    public static EncryptedValue Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> key, string aad, ReadOnlySpan<byte> iv, string type)
    {
        var gcm = Create(true, key, aad, iv);
        var output = new byte[gcm.GetOutputSize(plaintext.Length)];
        var n = gcm.ProcessBytes(plaintext, output);
        n += gcm.DoFinal(output.AsSpan(n));
        var data = output.AsSpan(0, n - TagBits / 8).ToArray();
        var tag = output.AsSpan(n - TagBits / 8, TagBits / 8).ToArray();
        return new EncryptedValue(data, iv.ToArray(), tag, type);
    }

    /// <summary>Returns the plaintext, or throws <see cref="CryptographicFailure"/> when authentication fails.</summary>
    public static byte[] Decrypt(EncryptedValue value, ReadOnlySpan<byte> key, string aad)
    {
        if (value.Iv.Length == 0 || value.Tag.Length != TagBits / 8)
        {
            throw new CryptographicFailure("malformed envelope");
        }

        var gcm = Create(false, key, aad, value.Iv);
        var input = new byte[value.Data.Length + value.Tag.Length];
        value.Data.CopyTo(input, 0);
        value.Tag.CopyTo(input, value.Data.Length);
        var output = new byte[gcm.GetOutputSize(input.Length)];
        try
        {
            var n = gcm.ProcessBytes(input, output);
            n += gcm.DoFinal(output.AsSpan(n));
            return output.AsSpan(0, n).ToArray();
        }
        catch (InvalidCipherTextException)
        {
            throw new CryptographicFailure("authentication failed");
        }
    }

    private static GcmBlockCipher Create(bool encrypt, ReadOnlySpan<byte> key, string aad, ReadOnlySpan<byte> iv)
    {
        var gcm = new GcmBlockCipher(AesUtilities.CreateEngine());
        gcm.Init(encrypt, new AeadParameters(new KeyParameter(key), TagBits, iv.ToArray(), Encoding.UTF8.GetBytes(aad)));
        return gcm;
    }
}
