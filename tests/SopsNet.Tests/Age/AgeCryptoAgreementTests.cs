using System.Security.Cryptography;
using SopsNet.Age;

namespace SopsNet.Tests.Age;

/// <summary>
/// age's primitives run on BouncyCastle so that a command-line run does not load OpenSSL (nor build
/// BouncyCastle's precomputed tables); they must give the very bytes the BCL's (OpenSSL's) and the
/// precomputed path do, for every length around the block and chunk edges.
/// </summary>
public sealed class AgeCryptoAgreementTests
{
    public static TheoryData<int> Lengths => [0, 1, 15, 16, 17, 63, 64, 65, 1000, 64 * 1024 + 3];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void ChaCha20Poly1305_matches_the_bcl(int length)
    {
        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var plaintext = RandomNumberGenerator.GetBytes(length);
        var expected = new byte[length + 16];
        using (var bcl = new System.Security.Cryptography.ChaCha20Poly1305(key))
        {
            bcl.Encrypt(nonce, plaintext, expected.AsSpan(0, length), expected.AsSpan(length));
        }

        Assert.Equal(expected, AgeCrypto.Seal(key, nonce, plaintext));
        Assert.Equal(plaintext, AgeCrypto.Open(key, nonce, expected));
        expected[^1] ^= 1;
        Assert.Null(AgeCrypto.Open(key, nonce, expected));
    }

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Hmac_and_hkdf_match_the_bcl(int length)
    {
        var key = RandomNumberGenerator.GetBytes(length % 100 + 1);
        var data = RandomNumberGenerator.GetBytes(length);
        Assert.Equal(HMACSHA256.HashData(key, data), AgeCrypto.HmacSha256(key, data));
        Assert.Equal(
            HKDF.DeriveKey(HashAlgorithmName.SHA256, key, 32, data, "age-encryption.org/v1/X25519"u8.ToArray()),
            AgeCrypto.Hkdf(key, data, "age-encryption.org/v1/X25519"));
    }

    [Fact]
    public void X25519_public_key_matches_rfc_7748_and_the_precomputed_base_multiplication()
    {
        // RFC 7748 section 6.1, Alice's key pair.
        var alice = Convert.FromHexString("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a");
        Assert.Equal("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a", Convert.ToHexStringLower(AgeCrypto.X25519Base(alice)));
        for (var i = 0; i < 20; i++)
        {
            var scalar = RandomNumberGenerator.GetBytes(32);
            var expected = new byte[32];
            Org.BouncyCastle.Math.EC.Rfc7748.X25519.ScalarMultBase(scalar, 0, expected, 0);
            Assert.Equal(expected, AgeCrypto.X25519Base(scalar));
        }
    }
}
