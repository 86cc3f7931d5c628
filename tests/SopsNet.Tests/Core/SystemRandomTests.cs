using SopsNet.Crypto;

namespace SopsNet.Tests.Core;

/// <summary>The randomness of every key and IV: from the kernel, filling any length, never repeating.</summary>
public sealed class SystemRandomTests
{
    [Fact]
    public void Fills_every_byte_of_any_length_and_never_twice_the_same()
    {
        var a = new byte[32];
        var b = new byte[32];
        SystemRandom.Fill(a);
        SystemRandom.Fill(b);
        Assert.NotEqual(a, b);

        // More than one call of getrandom may be needed; every byte must be written, so about 1/256 of a
        // large buffer stays zero, not a tail.
        var large = new byte[4 << 20];
        SystemRandom.Fill(large);
        Assert.InRange(large.Count(x => x == 0), large.Length / 256 / 2, large.Length / 256 * 2);
        Assert.Contains(large[^64..], x => x != 0);
    }
}
