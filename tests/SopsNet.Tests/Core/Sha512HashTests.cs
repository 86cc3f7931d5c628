using System.Security.Cryptography;
using SopsNet.Crypto;

namespace SopsNet.Tests.Core;

/// <summary>The file MAC's SHA-512 runs on BouncyCastle so that a command-line run does not load OpenSSL; it must agree with the BCL's.</summary>
public sealed class Sha512HashTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 1)]
    [InlineData(111, 3)]
    [InlineData(128, 2)]
    [InlineData(129, 7)]
    [InlineData(100_000, 5)]
    public void Matches_the_bcl_over_pieces_appended_one_by_one(int length, int pieces)
    {
        var data = RandomNumberGenerator.GetBytes(length);
        using var hash = new Sha512Hash();
        for (var i = 0; i < pieces; i++)
        {
            hash.AppendData(data.AsSpan(i * length / pieces, (i + 1) * length / pieces - i * length / pieces));
        }

        Assert.Equal(SHA512.HashData(data), hash.GetHashAndReset());
        Assert.Equal(SHA512.HashData([]), hash.GetHashAndReset());
    }
}
