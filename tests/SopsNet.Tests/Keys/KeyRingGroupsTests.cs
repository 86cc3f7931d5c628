using System.Collections.Immutable;
using System.Security.Cryptography;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Shamir;
using SopsNet.Tests.Support;
using SopsNet.Tree;

namespace SopsNet.Tests.Keys;

/// <summary>Key groups: the data key split by Shamir, one share per group, any threshold of groups recover it.</summary>
public sealed class KeyRingGroupsTests
{
    private static readonly ImmutableArray<ImmutableArray<MasterKey>> ThreeGroups =
    [
        [SlowKeyProvider.Key("g0", "alice")],
        [SlowKeyProvider.Key("g1", "bob"), SlowKeyProvider.Key("g1b", "bob-backup")],
        [SlowKeyProvider.Key("g2", "carol")],
    ];

    private static KeyRing Ring(params string[] refusing) =>
        new(new[] { "g0", "g1", "g1b", "g2" }.Select(t => new SlowKeyProvider(t) { Refuse = refusing.Contains(t) }));

    private static async Task<(SopsMetadata Metadata, byte[] DataKey)> EncryptedAsync(int threshold)
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var groups = await Ring().WrapAsync(ThreeGroups, dataKey, threshold, default);
        return (new SopsMetadata { LastModified = "2026-01-01T00:00:00Z", ShamirThreshold = threshold, KeyGroups = groups }, dataKey);
    }

    [Fact]
    public async Task Every_key_of_a_group_wraps_that_groups_share_with_x_equal_to_index_plus_one()
    {
        var (metadata, dataKey) = await EncryptedAsync(2);

        var shares = metadata.KeyGroups.Select(g => g.Select(k => Convert.FromHexString(k.Enc)).ToList()).ToList();
        Assert.All(shares.SelectMany(s => s), s => Assert.Equal(33, s.Length));
        Assert.Equal(new byte[] { 1, 2, 3 }, shares.Select(s => s[0][32]));
        Assert.Equal(shares[1][0], shares[1][1]);
        Assert.DoesNotContain(shares.SelectMany(s => s), s => s.AsSpan(0, 32).SequenceEqual(dataKey));
        Assert.Equal(dataKey, SecretSharing.Combine([shares[0][0], shares[2][0]]));
    }

    [Theory]
    [InlineData("g0")]
    [InlineData("g1", "g1b")]
    [InlineData("g2")]
    public async Task Any_two_of_three_groups_recover_the_data_key(params string[] refusing)
    {
        var (metadata, dataKey) = await EncryptedAsync(2);

        Assert.Equal(dataKey, await Ring(refusing).UnwrapAsync(metadata, default));
    }

    [Fact]
    public async Task A_group_opens_when_any_of_its_keys_does()
    {
        var (metadata, dataKey) = await EncryptedAsync(3);

        Assert.Equal(dataKey, await Ring("g1").UnwrapAsync(metadata, default));
    }

    [Fact]
    public async Task One_group_of_three_is_not_enough_and_the_error_lists_every_groups_outcome()
    {
        var (metadata, _) = await EncryptedAsync(2);

        var e = await Assert.ThrowsAsync<SopsException>(() => Ring("g1", "g1b", "g2").UnwrapAsync(metadata, default));

        Assert.Equal(SopsError.CouldNotRetrieveKey, e.Error);
        Assert.Equal(
            "not enough key groups could be opened: 1 of 3, 2 needed; group 0: ok; " +
            "group 1: failed (g1 bob, g1b bob-backup: access denied by the test); " +
            "group 2: failed (g2 carol: access denied by the test)",
            e.Message);
    }

    [Fact]
    public async Task Threshold_zero_means_every_group()
    {
        var (metadata, dataKey) = await EncryptedAsync(0);

        Assert.Equal(dataKey, await Ring().UnwrapAsync(metadata, default));
        var e = await Assert.ThrowsAsync<SopsException>(() => Ring("g2").UnwrapAsync(metadata, default));
        Assert.Contains("2 of 3, 3 needed", e.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(4)]
    public async Task Wrapping_refuses_a_threshold_outside_two_to_the_group_count(int threshold)
    {
        var e = await Assert.ThrowsAsync<SopsException>(() => Ring().WrapAsync(ThreeGroups, new byte[32], threshold, default));

        Assert.Contains("between 2 and the number of key groups (3)", e.Message);
    }

    [Fact]
    public async Task A_file_asking_for_more_groups_than_it_has_fails_clearly()
    {
        var (metadata, _) = await EncryptedAsync(3);

        var e = await Assert.ThrowsAsync<SopsException>(() => Ring().UnwrapAsync(metadata with { ShamirThreshold = 4 }, default));

        Assert.Equal(SopsError.CouldNotRetrieveKey, e.Error);
        Assert.Contains("needs 4 key groups", e.Message);
    }

    [Fact]
    public async Task A_single_group_wraps_the_data_key_itself_without_shamir()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var groups = await Ring().WrapAsync([[SlowKeyProvider.Key("g0", "alice")]], dataKey, 2, default);

        Assert.Equal(dataKey, Convert.FromHexString(groups[0][0].Enc));
        var e = await Assert.ThrowsAsync<SopsException>(() => Ring("g0").UnwrapAsync(new SopsMetadata { LastModified = "", KeyGroups = groups }, default));
        Assert.Equal("no master key could decrypt the data key; tried g0 alice: access denied by the test", e.Message);
    }

    [Fact]
    public void Key_groups_round_trip_through_the_metadata_as_sops_writes_them()
    {
        var metadata = new SopsMetadata
        {
            LastModified = "2026-01-01T00:00:00Z",
            Mac = "m",
            KeyGroups =
            [
                [MasterKey.Create("age", ("recipient", "age1a"), ("enc", "share0"))],
                [MasterKey.Create("pgp", ("fp", "ABCD"), ("created_at", "2026-01-01T00:00:00Z"), ("enc", "share1")), MasterKey.Create("age", ("recipient", "age1c"), ("enc", "share1c"))],
            ],
        };

        var written = MetadataCodec.Write(metadata);
        var read = MetadataCodec.Read(written);

        // No top-level key lists; shamir_threshold written even when 0 (= every group), as sops does.
        Assert.Null(written["age"]);
        Assert.Equal("2", ((Scalar)written["shamir_threshold"]!).Text);
        var maps = ((Sequence)written["key_groups"]!).Items.Cast<Mapping>().ToList();
        Assert.Equal(["age", "hc_vault"], maps[0].Pairs.Select(p => p.Key));
        Assert.Equal(["age", "hc_vault", "pgp"], maps[1].Pairs.Select(p => p.Key));
        Assert.Empty(((Sequence)maps[0]["hc_vault"]!).Items);
        Assert.Equal(2, read.ShamirThreshold);
        Assert.Equal(
            Flat(metadata.KeyGroups.Select(g => g.OrderBy(k => k.Type))),
            Flat(read.KeyGroups.Select(g => g.OrderBy(k => k.Type))));
    }

    private static List<string> Flat(IEnumerable<IEnumerable<MasterKey>> groups) =>
        groups.SelectMany((g, i) => g.Select(k => $"{i} {KeyIdentity.Of(k)} {k.Enc} {k.Field("created_at")}")).ToList();
}
