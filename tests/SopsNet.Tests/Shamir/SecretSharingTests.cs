using System.Text.Json;
using CsCheck;
using SopsNet.Crypto;
using SopsNet.Shamir;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Shamir;

public sealed class SecretSharingTests
{
    private static JsonElement Example() =>
        JsonDocument.Parse(File.ReadAllText(TestPaths.Corpus("derived-vectors/shamir-example.json"))).RootElement;

    private static byte[] Hex(JsonElement e) => Convert.FromHexString(e.GetString()!);

    [Fact]
    public void Combines_the_corpus_example_shares_in_every_documented_way()
    {
        var example = Example();
        var secret = Hex(example.GetProperty("secret_hex"));
        var shares = example.GetProperty("shares_hex").EnumerateArray().Select(Hex).ToArray();

        Assert.Equal(secret, SecretSharing.Combine([shares[0], shares[2]]));
        Assert.Equal(secret, SecretSharing.Combine([shares[1], shares[2]]));
        Assert.Equal(secret, SecretSharing.Combine([shares[2], shares[0]]));
        Assert.Equal(secret, SecretSharing.Combine(shares));
    }

    [Fact]
    public void Splits_into_the_corpus_example_shares_given_its_coefficients()
    {
        // The example fixes the random coefficients; feeding them as the randomness must give its shares
        // byte for byte: layout y0..y31 ‖ x, x = group index + 1.
        var example = Example();
        var coefficients = Hex(example.GetProperty("degree1_coefficients_hex"));
        var next = 0;
        RandomSource fixedRandom = buffer =>
        {
            coefficients.AsSpan(next, buffer.Length).CopyTo(buffer);
            next += buffer.Length;
        };

        var shares = SecretSharing.Split(Hex(example.GetProperty("secret_hex")), 3, 2, fixedRandom);

        Assert.Equal(example.GetProperty("shares_hex").EnumerateArray().Select(e => e.GetString()!.ToUpperInvariant()),
            shares.Select(Convert.ToHexString));
    }

    [Fact]
    public void Shares_have_the_secret_length_plus_one_and_x_one_to_n_last()
    {
        var shares = SecretSharing.Split(new byte[32], 5, 3, System.Security.Cryptography.RandomNumberGenerator.Fill);

        Assert.All(shares, s => Assert.Equal(33, s.Length));
        Assert.Equal(new byte[] { 1, 2, 3, 4, 5 }, shares.Select(s => s[32]));
    }

    [Fact]
    public void Any_threshold_of_the_shares_recover_the_secret()
    {
        Gen.Select(Gen.Byte.Array[1, 40], Gen.Int[2, 8], Gen.Int[0, 1000])
            .SelectMany(t => Gen.Int[2, t.Item2].Select(threshold => (Secret: t.Item1, Parts: t.Item2, Threshold: threshold, Seed: t.Item3)))
            .Sample(c =>
            {
                var shares = SecretSharing.Split(c.Secret, c.Parts, c.Threshold, System.Security.Cryptography.RandomNumberGenerator.Fill);
                var pick = Shuffled(shares, c.Seed).Take(c.Threshold).ToList();
                return SecretSharing.Combine(pick).SequenceEqual(c.Secret);
            }, iter: 300);
    }

    [Fact]
    public void Fewer_than_the_threshold_of_the_shares_do_not_recover_the_secret()
    {
        // With t−1 shares every secret is equally likely; over 16 random bytes a chance match is ~2^-128.
        Gen.Select(Gen.Byte.Array[16], Gen.Int[3, 8], Gen.Int[0, 1000])
            .SelectMany(t => Gen.Int[3, t.Item2].Select(threshold => (Secret: t.Item1, Parts: t.Item2, Threshold: threshold, Seed: t.Item3)))
            .Sample(c =>
            {
                var shares = SecretSharing.Split(c.Secret, c.Parts, c.Threshold, System.Security.Cryptography.RandomNumberGenerator.Fill);
                var pick = Shuffled(shares, c.Seed).Take(c.Threshold - 1).ToList();
                return !SecretSharing.Combine(pick).SequenceEqual(c.Secret);
            }, iter: 300);
    }

    [Fact]
    public void Combine_takes_x_from_each_share_so_random_coordinates_of_sops_3_9_work()
    {
        // sops ≤ 3.9 drew x from a random permutation of 1…255: a degree-1 polynomial s + c·x at x = 200 and 17.
        var secret = new byte[] { 0x00, 0x7F, 0xFF, 0x42 };
        var slope = new byte[] { 0x13, 0x00, 0xA5, 0xFF };
        byte[] Share(byte x) => [.. secret.Zip(slope, (s, c) => (byte)(s ^ Gf256.Multiply(c, x))), x];

        Assert.Equal(secret, SecretSharing.Combine([Share(200), Share(17)]));
        Assert.Equal(secret, SecretSharing.Combine([Share(255), Share(1), Share(99)]));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 1)]
    [InlineData(3, 4)]
    [InlineData(256, 2)]
    public void Split_refuses_thresholds_and_part_counts_sops_refuses(int parts, int threshold) =>
        Assert.ThrowsAny<ArgumentException>(() => SecretSharing.Split(new byte[32], parts, threshold, System.Security.Cryptography.RandomNumberGenerator.Fill));

    [Fact]
    public void Combine_refuses_duplicate_x_unequal_lengths_and_single_shares()
    {
        var shares = SecretSharing.Split(new byte[32], 3, 2, System.Security.Cryptography.RandomNumberGenerator.Fill);

        Assert.Throws<ArgumentException>(() => SecretSharing.Combine([shares[0], shares[0]]));
        Assert.Throws<ArgumentException>(() => SecretSharing.Combine([shares[0], shares[1][1..]]));
        Assert.Throws<ArgumentException>(() => SecretSharing.Combine([shares[0]]));
    }

    private static byte[][] Shuffled(byte[][] shares, int seed)
    {
        var copy = shares.ToArray();
        new Random(seed).Shuffle(copy);
        return copy;
    }
}
