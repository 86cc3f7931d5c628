using Org.BouncyCastle.Crypto.Digests;
using Org.BouncyCastle.Crypto.Kems;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Security;

namespace SopsNet.Age;

/// <summary>
/// The MLKEM768-X25519 hybrid KEM (X-Wing) of draft-ietf-hpke-pq, as filippo.io/hpke implements it for
/// age 1.3: a public key is the ML-KEM-768 encapsulation key followed by an X25519 point, and the shared
/// secret binds both halves with SHA3-256.
/// </summary>
internal static class MlKem768X25519
{
    public const int SeedSize = 32;
    public const int PublicKeySize = MlKemPublicKeySize + 32;
    public const int EncapsulatedKeySize = MlKemCiphertextSize + 32;
    private const int MlKemPublicKeySize = 1184;
    private const int MlKemCiphertextSize = 1088;

    /// <summary>X-Wing's combiner label, the six bytes <c>\.//^\</c>.</summary>
    private static readonly byte[] Label = [0x5c, 0x2e, 0x2f, 0x2f, 0x5e, 0x5c];

    /// <summary>
    /// Expands the 32-byte identity seed with SHAKE256: the first 64 bytes seed ML-KEM-768 (d || z), the
    /// next 32 are the X25519 scalar.
    /// </summary>
    public static (MLKemPrivateKeyParameters MlKem, byte[] X25519) ExpandSeed(ReadOnlySpan<byte> seed)
    {
        var shake = new ShakeDigest(256);
        shake.BlockUpdate(seed);
        var expanded = new byte[64 + 32];
        shake.OutputFinal(expanded);
        return (MLKemPrivateKeyParameters.FromSeed(MLKemParameters.ml_kem_768, expanded[..64]), expanded[64..]);
    }

    public static byte[] PublicKey(MLKemPrivateKeyParameters mlKem, byte[] x25519) =>
        [.. mlKem.GetPublicKeyEncoded(), .. AgeCrypto.X25519Base(x25519)];

    /// <summary>False when the key has the wrong size or an ML-KEM coefficient out of range (FIPS 203's modulus check).</summary>
    public static bool IsValidPublicKey(byte[] publicKey)
    {
        if (publicKey.Length != PublicKeySize)
        {
            return false;
        }

        try
        {
            MLKemPublicKeyParameters.FromEncoding(MLKemParameters.ml_kem_768, publicKey[..MlKemPublicKeySize]);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>Returns the shared secret and the encapsulated key (ML-KEM ciphertext || ephemeral X25519 share).</summary>
    public static (byte[] SharedSecret, byte[] Enc) Encapsulate(byte[] publicKey, Action<Span<byte>> random)
    {
        var mlKemKey = MLKemPublicKeyParameters.FromEncoding(MLKemParameters.ml_kem_768, publicKey[..MlKemPublicKeySize]);
        var pointT = publicKey[MlKemPublicKeySize..];
        var encapsulator = new MLKemEncapsulator(MLKemParameters.ml_kem_768);
        encapsulator.Init(new ParametersWithRandom(mlKemKey, new SecureRandom(new DelegateRandomGenerator(random))));
        var ctPq = new byte[MlKemCiphertextSize];
        var ssPq = new byte[32];
        encapsulator.Encapsulate(ctPq, 0, ctPq.Length, ssPq, 0, ssPq.Length);

        var ephemeral = new byte[32];
        random(ephemeral);
        var ctT = AgeCrypto.X25519Base(ephemeral);
        var ssT = AgeCrypto.X25519Shared(ephemeral, pointT)
            ?? throw new AgeException("age: the X25519 half of the hybrid recipient is a low-order point");
        return (Combine(ssPq, ssT, ctT, pointT), [.. ctPq, .. ctT]);
    }

    /// <summary>
    /// The shared secret for <paramref name="enc"/>. ML-KEM rejects implicitly (a wrong key yields a
    /// different secret, noticed when the AEAD fails); an all-zero X25519 result is refused, as Go's ecdh does.
    /// </summary>
    public static byte[] Decapsulate(MLKemPrivateKeyParameters mlKem, byte[] x25519, ReadOnlySpan<byte> enc)
    {
        if (enc.Length != EncapsulatedKeySize)
        {
            throw new AgeException("age: corrupt file: invalid mlkem768x25519 stanza (wrong encapsulated key size)");
        }

        var decapsulator = new MLKemDecapsulator(MLKemParameters.ml_kem_768);
        decapsulator.Init(mlKem);
        var ssPq = new byte[32];
        var ctPq = enc[..MlKemCiphertextSize].ToArray();
        decapsulator.Decapsulate(ctPq, 0, ctPq.Length, ssPq, 0, ssPq.Length);

        var ctT = enc[MlKemCiphertextSize..].ToArray();
        var ssT = AgeCrypto.X25519Shared(x25519, ctT)
            ?? throw new AgeException("age: corrupt file: invalid mlkem768x25519 stanza (low-order X25519 share)");
        return Combine(ssPq, ssT, ctT, AgeCrypto.X25519Base(x25519));
    }

    private static byte[] Combine(byte[] ssPq, byte[] ssT, byte[] ctT, byte[] pointT)
    {
        var sha3 = new Sha3Digest(256);
        foreach (var part in new[] { ssPq, ssT, ctT, pointT, Label })
        {
            sha3.BlockUpdate(part, 0, part.Length);
        }

        var output = new byte[32];
        sha3.DoFinal(output, 0);
        return output;
    }
}
