using System.Collections.Immutable;
using System.Security.Cryptography;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Keys;

/// <summary>Speed and predictability with slow key services: unwrap once, overlap waits, give up in time.</summary>
public sealed class KeyRingSpeedTests
{
    // How long a test waits for something that should end at once, before calling it hung: generous, so
    // a loaded machine does not fail it; nothing here measures speed.
    private static readonly TimeSpan Hung = TimeSpan.FromSeconds(30);

    private static SopsMetadata File(params ImmutableArray<MasterKey>[] groups) =>
        new() { LastModified = "2026-01-01T00:00:00Z", KeyGroups = [.. groups] };

    private static MasterKey Wrapped(string type, string name, byte[] secret) =>
        SlowKeyProvider.Key(type, name).With("enc", Convert.ToHexString(secret));

    [Fact]
    public async Task Two_hundred_files_sharing_one_key_make_one_unwrap_call()
    {
        var kms = new SlowKeyProvider("kms") { Delay = TimeSpan.FromMilliseconds(50) };
        var cache = new UnwrapCache();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var file = File([Wrapped("kms", "arn:key/1", dataKey)]);

        // One key ring per file, as the CLI builds them, sharing the run's cache; half at once, half after.
        var first = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => new KeyRing([kms]) { Cache = cache }.UnwrapAsync(file, default)));
        var second = await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => new KeyRing([kms]) { Cache = cache }.UnwrapAsync(file, default)));

        Assert.Equal(1, kms.UnwrapCalls);
        Assert.All(first.Concat(second), k => Assert.Equal(dataKey, k));
    }

    [Fact]
    public async Task Different_wrapped_keys_are_each_unwrapped()
    {
        var kms = new SlowKeyProvider("kms");
        var ring = new KeyRing([kms]);

        await ring.UnwrapAsync(File([Wrapped("kms", "arn:key/1", new byte[32])]), default);
        await ring.UnwrapAsync(File([Wrapped("kms", "arn:key/1", RandomNumberGenerator.GetBytes(32))]), default);

        Assert.Equal(2, kms.UnwrapCalls);
    }

    [Fact]
    public async Task A_key_service_is_not_asked_when_a_key_earlier_in_decryption_order_opens_the_file()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var age = new SlowKeyProvider("age");
        var kms = new SlowKeyProvider("kms") { Delay = TimeSpan.FromMilliseconds(200) };
        var ring = new KeyRing([age, kms]);

        // The file lists the kms key first, but the default order (age, pgp, then the rest) tries age first.
        var key = await ring.UnwrapAsync(File([Wrapped("kms", "arn:key/1", dataKey), Wrapped("age", "age1x", dataKey)]), default);

        Assert.Equal(dataKey, key);
        Assert.Equal(1, age.UnwrapCalls);
        Assert.Equal(0, kms.UnwrapCalls);
    }

    [Fact]
    public async Task Keys_of_one_group_are_asked_at_once_and_the_decryption_order_picks_the_answer()
    {
        var first = RandomNumberGenerator.GetBytes(32);
        var second = RandomNumberGenerator.GetBytes(32);
        var both = new Rendezvous(2);
        var slow = new SlowKeyProvider("kms") { MeetOthers = both };
        var fast = new SlowKeyProvider("gcp_kms") { MeetOthers = both };
        var ring = new KeyRing([slow, fast], ["kms", "gcp_kms"]);

        // Each answers only once the other has been asked: asked one after the other, they would never meet.
        var key = await ring.UnwrapAsync(File([Wrapped("gcp_kms", "projects/p", second), Wrapped("kms", "arn:key/1", first)]), default);

        Assert.Equal(first, key);
        Assert.Equal(1, fast.UnwrapCalls);
    }

    [Fact]
    public async Task A_failing_slow_key_and_the_next_slow_key_overlap()
    {
        var both = new Rendezvous(2);
        var refusing = new SlowKeyProvider("kms") { MeetOthers = both, Refuse = true };
        var working = new SlowKeyProvider("gcp_kms") { MeetOthers = both };
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var key = await new KeyRing([refusing, working], ["kms", "gcp_kms"])
            .UnwrapAsync(File([Wrapped("kms", "arn:key/1", dataKey), Wrapped("gcp_kms", "projects/p", dataKey)]), default);

        Assert.Equal(dataKey, key);
    }

    [Fact]
    public async Task Key_groups_are_opened_concurrently()
    {
        var all = new Rendezvous(3);
        var providers = new[] { "kms", "gcp_kms", "azure_kv" }.Select(t => new SlowKeyProvider(t) { MeetOthers = all }).ToList();
        var ring = new KeyRing(providers);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var groups = await ring.WrapAsync([.. providers.Select(p => ImmutableArray.Create(SlowKeyProvider.Key(p.Type, p.Type)))], dataKey, 3, default);

        var key = await ring.UnwrapAsync(new SopsMetadata { LastModified = "", ShamirThreshold = 3, KeyGroups = groups }, default);

        Assert.Equal(dataKey, key);
    }

    [Fact]
    public async Task A_key_service_that_never_answers_times_out_with_an_error_naming_the_key()
    {
        var hung = new SlowKeyProvider("kms") { Hang = true };
        var ring = new KeyRing([hung]) { KeyTimeout = TimeSpan.FromMilliseconds(300) };
        var file = File([Wrapped("kms", "arn:aws:kms:eu-west-1:111:key/hung", new byte[32])]);

        var e = await Assert.ThrowsAsync<SopsException>(() => ring.UnwrapAsync(file, default).WaitAsync(Hung));

        Assert.Equal(SopsError.CouldNotRetrieveKey, e.Error);
        Assert.Equal("no master key could decrypt the data key; tried kms arn:aws:kms:eu-west-1:111:key/hung: timed out after 0.3 s without an answer", e.Message);

        // The failure is remembered too: the next file does not ask (and wait) again.
        await Assert.ThrowsAsync<SopsException>(() => ring.UnwrapAsync(file, default).WaitAsync(Hung));
        Assert.Equal(1, hung.UnwrapCalls);
    }

    [Fact]
    public async Task A_hung_key_does_not_hold_up_a_key_that_already_worked()
    {
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var ring = new KeyRing([new SlowKeyProvider("kms"), new SlowKeyProvider("gcp_kms") { Hang = true }], ["kms", "gcp_kms"])
        {
            // No timeout would end the hung call: waiting for it would hang this test.
            KeyTimeout = Timeout.InfiniteTimeSpan,
        };

        Assert.Equal(dataKey, await ring.UnwrapAsync(File([Wrapped("gcp_kms", "projects/p", dataKey), Wrapped("kms", "arn:key/1", dataKey)]), default).WaitAsync(Hung));
    }

    [Fact]
    public async Task Interactive_keys_are_not_tried_when_an_earlier_key_worked()
    {
        // age and pgp may prompt for a passphrase or start gpg: they run only when their turn comes.
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var pgp = new SlowKeyProvider("pgp");
        var ring = new KeyRing([new SlowKeyProvider("age"), pgp]);

        Assert.Equal(dataKey, await ring.UnwrapAsync(File([Wrapped("pgp", "FP", dataKey), Wrapped("age", "age1x", dataKey)]), default));
        Assert.Equal(0, pgp.UnwrapCalls);
    }

    [Fact]
    public async Task Wrapping_for_a_hung_key_service_times_out_too()
    {
        var ring = new KeyRing([new HangingWrapProvider()]) { KeyTimeout = TimeSpan.FromMilliseconds(200) };

        var e = await Assert.ThrowsAsync<SopsException>(() => ring.WrapAsync([[SlowKeyProvider.Key("kms", "arn:key/1")]], new byte[32], default));

        Assert.Equal(SopsError.Generic, e.Error);
        Assert.Equal("kms arn:key/1: timed out after 0.2 s without an answer", e.Message);
    }

    private sealed class HangingWrapProvider : IKeyProvider
    {
        public string Type => "kms";

        public async Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, cancellationToken);
            return key;
        }

        public Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken) => throw new NotSupportedException();

        public string Describe(MasterKey key) => key.Field("name") ?? "?";
    }
}
