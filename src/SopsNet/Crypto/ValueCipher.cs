using System.Text;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace SopsNet.Crypto;

/// <summary>
/// AES-256-GCM as sops uses it: a 32-byte random IV (the BCL's AesGcm only takes 12-byte nonces, so
/// BouncyCastle's general GCM derives J0 by GHASH) and a 16-byte tag kept apart from the data.
/// An instance keeps one data key's AES key schedule and GHASH tables: setting them up costs more than
/// encrypting a typical value, and a file has one key for all its values.
/// </summary>
internal sealed class ValueCipher
{
    public const int IvSize = 32;
    private const int TagBits = 128;

    private readonly byte[] key;
    private GcmBlockCipher? encryptor;
    private GcmBlockCipher? decryptor;

    public ValueCipher(ReadOnlySpan<byte> key)
    {
        this.key = key.ToArray();
    }

    public static EncryptedValue Encrypt(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> key, string aad, ReadOnlySpan<byte> iv, string type) =>
        new ValueCipher(key).Encrypt(plaintext, aad, iv, type);

    public static byte[] Decrypt(EncryptedValue value, ReadOnlySpan<byte> key, string aad) =>
        new ValueCipher(key).Decrypt(value, aad);

    public EncryptedValue Encrypt(ReadOnlySpan<byte> plaintext, string aad, ReadOnlySpan<byte> iv, string type)
    {
        var gcm = Init(ref encryptor, true, aad, iv);
        var output = new byte[gcm.GetOutputSize(plaintext.Length)];
        var n = gcm.ProcessBytes(plaintext, output);
        n += gcm.DoFinal(output.AsSpan(n));
        var data = output.AsSpan(0, n - TagBits / 8).ToArray();
        var tag = output.AsSpan(n - TagBits / 8, TagBits / 8).ToArray();
        return new EncryptedValue(data, iv.ToArray(), tag, type);
    }

    /// <summary>Returns the plaintext, or throws <see cref="CryptographicFailure"/> when authentication fails.</summary>
    public byte[] Decrypt(EncryptedValue value, string aad)
    {
        if (value.Iv.Length == 0 || value.Tag.Length != TagBits / 8)
        {
            throw new CryptographicFailure("malformed envelope");
        }

        var gcm = Init(ref decryptor, false, aad, value.Iv);
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

    private GcmBlockCipher Init(ref GcmBlockCipher? gcm, bool encrypt, string aad, ReadOnlySpan<byte> iv)
    {
        var aadBytes = Encoding.UTF8.GetBytes(aad);
        if (gcm is not null)
        {
            try
            {
                // A null key keeps the previous key's schedule and tables.
                gcm.Init(encrypt, new AeadParameters(null, TagBits, iv.ToArray(), aadBytes));
                return gcm;
            }
            catch (ArgumentException)
            {
                // BouncyCastle refuses the same IV twice in a row for encryption; the IV stash can ask
                // for that (an unchanged value keeps its IV), so start afresh then.
            }
        }

        gcm = new GcmBlockCipher(AesUtilities.CreateEngine());
        gcm.Init(encrypt, new AeadParameters(new KeyParameter(key), TagBits, iv.ToArray(), aadBytes));
        return gcm;
    }
}
