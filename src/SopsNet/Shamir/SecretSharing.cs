using System.Security.Cryptography;
using SopsNet.Crypto;

namespace SopsNet.Shamir;

/// <summary>
/// Shamir secret sharing byte by byte over <see cref="Gf256"/>, in the share layout of sops and HashiCorp
/// Vault: <c>y_0 ‖ … ‖ y_(len-1) ‖ x</c>, the x coordinate as the last byte. Split uses x = i + 1 for share i
/// (sops ≥ 3.10); combine takes x from each share, so files from sops ≤ 3.9 (random x) read too.
/// </summary>
internal static class SecretSharing
{
    public const int MaxParts = 255;

    /// <summary>
    /// Splits <paramref name="secret"/> into <paramref name="parts"/> shares of which any
    /// <paramref name="threshold"/> recover it (2 ≤ threshold ≤ parts ≤ 255, as sops requires).
    /// </summary>
    public static byte[][] Split(ReadOnlySpan<byte> secret, int parts, int threshold, RandomSource random)
    {
        if (secret.IsEmpty)
        {
            throw new ArgumentException("cannot split an empty secret", nameof(secret));
        }

        if (parts is < 2 or > MaxParts)
        {
            throw new ArgumentOutOfRangeException(nameof(parts), $"shamir needs 2 to {MaxParts} parts, not {parts}");
        }

        if (threshold < 2 || threshold > parts)
        {
            throw new ArgumentOutOfRangeException(nameof(threshold), $"the shamir threshold must be between 2 and the number of parts ({parts}), not {threshold}");
        }

        var shares = new byte[parts][];
        for (var i = 0; i < parts; i++)
        {
            shares[i] = new byte[secret.Length + 1];
            shares[i][secret.Length] = (byte)(i + 1);
        }

        // The t−1 higher coefficients of each byte's polynomial; the constant term is the secret byte.
        var coefficients = new byte[threshold - 1];
        try
        {
            for (var k = 0; k < secret.Length; k++)
            {
                random(coefficients);
                for (var i = 0; i < parts; i++)
                {
                    shares[i][k] = Evaluate(secret[k], coefficients, (byte)(i + 1));
                }
            }
        }
        finally
        {
            CryptographicOperations.ZeroMemory(coefficients);
        }

        return shares;
    }

    /// <summary>
    /// Recovers the secret from at least two shares of equal length with distinct x coordinates, by Lagrange
    /// interpolation at 0. With fewer shares than the threshold the result is a wrong secret, not an error
    /// (nothing in a share records the threshold), so callers check the count first.
    /// </summary>
    public static byte[] Combine(IReadOnlyList<byte[]> shares)
    {
        if (shares.Count < 2)
        {
            throw new ArgumentException("at least two shares are needed to recover a secret", nameof(shares));
        }

        var length = shares[0].Length;
        if (length < 2 || shares.Any(s => s.Length != length))
        {
            throw new ArgumentException("the shares differ in length or are too short", nameof(shares));
        }

        var xs = shares.Select(s => s[length - 1]).ToArray();
        if (xs.Distinct().Count() != xs.Length)
        {
            throw new ArgumentException("two shares have the same x coordinate", nameof(shares));
        }

        // Basis weights Π_{j≠i} x_j / (x_i ⊕ x_j) depend only on the public x coordinates.
        var weights = new byte[xs.Length];
        for (var i = 0; i < xs.Length; i++)
        {
            var weight = (byte)1;
            for (var j = 0; j < xs.Length; j++)
            {
                if (j != i)
                {
                    weight = Gf256.Multiply(weight, Gf256.Divide(xs[j], Gf256.Add(xs[i], xs[j])));
                }
            }

            weights[i] = weight;
        }

        var secret = new byte[length - 1];
        for (var k = 0; k < secret.Length; k++)
        {
            var value = (byte)0;
            for (var i = 0; i < shares.Count; i++)
            {
                value ^= Gf256.Multiply(shares[i][k], weights[i]);
            }

            secret[k] = value;
        }

        return secret;
    }

    /// <summary>constant + c_1·x + … + c_(t−1)·x^(t−1) by Horner's rule.</summary>
    private static byte Evaluate(byte constant, ReadOnlySpan<byte> coefficients, byte x)
    {
        var result = (byte)0;
        for (var i = coefficients.Length - 1; i >= 0; i--)
        {
            result = Gf256.Add(Gf256.Multiply(result, x), coefficients[i]);
        }

        return Gf256.Add(Gf256.Multiply(result, x), constant);
    }
}
