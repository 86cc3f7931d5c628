namespace SopsNet.Shamir;

/// <summary>
/// Arithmetic in GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11B), the field
/// sops and HashiCorp Vault share. Multiplication is shift-and-add with masks instead of branches or
/// log/exp tables, so its timing does not depend on the (secret) operands; sops made the same switch in 3.10.
/// </summary>
internal static class Gf256
{
    public static byte Add(byte a, byte b) => (byte)(a ^ b);

    public static byte Multiply(byte a, byte b)
    {
        int x = a, y = b, product = 0;
        for (var i = 0; i < 8; i++)
        {
            // -(bit) is all ones when the bit is set, zero otherwise: a mask instead of a branch.
            product ^= x & -(y & 1);
            y >>= 1;
            var carry = -((x >> 7) & 1);
            x = ((x << 1) ^ (carry & 0x11B)) & 0xFF;
        }

        return (byte)product;
    }

    /// <summary>a^254, which is a⁻¹ for a ≠ 0 (and 0 for 0), by a fixed chain of squarings and products.</summary>
    public static byte Inverse(byte a)
    {
        // 254 = 0b11111110: square-and-multiply with the same seven steps for every a.
        var result = (byte)1;
        var power = Multiply(a, a); // a^2
        for (var i = 0; i < 7; i++)
        {
            result = Multiply(result, power);
            power = Multiply(power, power);
        }

        return result;
    }

    /// <summary>a / b; b must not be 0 (callers guarantee distinct x coordinates).</summary>
    public static byte Divide(byte a, byte b) => Multiply(a, Inverse(b));
}
