using SopsNet.Shamir;

namespace SopsNet.Tests.Shamir;

public sealed class Gf256Tests
{
    [Theory]
    [InlineData(0x53, 0xCA, 0x01)] // docs/format.md §8.9 sanity values (AES field)
    [InlineData(0x57, 0x83, 0xC1)]
    [InlineData(0x57, 0x13, 0xFE)] // FIPS-197 §4.2 example
    [InlineData(0x00, 0xFF, 0x00)]
    [InlineData(0x01, 0xE5, 0xE5)]
    public void Multiplies_in_the_aes_field(int a, int b, int product)
    {
        Assert.Equal((byte)product, Gf256.Multiply((byte)a, (byte)b));
        Assert.Equal((byte)product, Gf256.Multiply((byte)b, (byte)a));
    }

    [Fact]
    public void Matches_the_log_exp_tables_older_sops_and_vault_used()
    {
        // exp[i+1] = exp[i]·0xE5 walks every non-zero byte (docs/format.md §8.9); a·b = exp[(log a + log b) mod 255].
        var exp = new byte[255];
        var log = new int[256];
        exp[0] = 1;
        for (var i = 1; i < 255; i++)
        {
            exp[i] = TableMultiply(exp[i - 1], 0xE5);
        }

        Assert.Equal(new byte[] { 0x01, 0xE5, 0x4C, 0xB5, 0xFB, 0x9F, 0xFC, 0x12 }, exp[..8]);
        Assert.Equal(255, exp.Distinct().Count());
        for (var i = 0; i < 255; i++)
        {
            log[exp[i]] = i;
        }

        for (var a = 0; a < 256; a++)
        {
            for (var b = 0; b < 256; b++)
            {
                var expected = a == 0 || b == 0 ? 0 : exp[(log[a] + log[b]) % 255];
                Assert.Equal((byte)expected, Gf256.Multiply((byte)a, (byte)b));
            }
        }
    }

    [Fact]
    public void Every_non_zero_byte_has_an_inverse()
    {
        Assert.Equal(0, Gf256.Inverse(0));
        for (var a = 1; a < 256; a++)
        {
            Assert.Equal(1, Gf256.Multiply((byte)a, Gf256.Inverse((byte)a)));
            Assert.Equal((byte)a, Gf256.Divide(Gf256.Multiply((byte)a, 0x1D), 0x1D));
        }
    }

    /// <summary>Textbook multiplication with branches (the reference the constant-time code is checked against).</summary>
    private static byte TableMultiply(byte a, byte b)
    {
        var result = 0;
        int x = a;
        for (var y = b; y != 0; y >>= 1)
        {
            if ((y & 1) != 0)
            {
                result ^= x;
            }

            x <<= 1;
            if ((x & 0x100) != 0)
            {
                x ^= 0x11B;
            }
        }

        return (byte)result;
    }
}
