using SopsNet.Keys;

namespace SopsNet.Tests.Support;

/// <summary>
/// A key provider standing in for a network key service: like <see cref="FakeKeyProvider"/> it keeps the
/// secret as hex in <c>enc</c>, but answers after <see cref="Delay"/> (or never, with <see cref="Hang"/>),
/// can refuse, and counts its calls and how many ran at once.
/// </summary>
public sealed class SlowKeyProvider(string type) : IKeyProvider
{
    private int unwrapCalls;
    private int running;
    private int maxRunning;

    public string Type => type;

    public TimeSpan Delay { get; init; }

    public bool Hang { get; init; }

    public bool Refuse { get; init; }

    /// <summary>
    /// When set, an unwrap answers only once every participant of the rendezvous has started one: a test
    /// of overlapping calls then fails (by the rendezvous's timeout) when they run one after another,
    /// without measuring time.
    /// </summary>
    public Rendezvous? MeetOthers { get; init; }

    public int UnwrapCalls => Volatile.Read(ref unwrapCalls);

    public int MaxConcurrentUnwraps => Volatile.Read(ref maxRunning);

    public Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken) =>
        Task.FromResult(key.With("enc", Convert.ToHexString(dataKey.Span)));

    public async Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref unwrapCalls);
        var now = Interlocked.Increment(ref running);
        int seen;
        while ((seen = Volatile.Read(ref maxRunning)) < now && Interlocked.CompareExchange(ref maxRunning, now, seen) != seen)
        {
        }

        try
        {
            if (MeetOthers is { } rendezvous)
            {
                await rendezvous.ArriveAsync(cancellationToken);
            }

            await Task.Delay(Hang ? Timeout.InfiniteTimeSpan : Delay, cancellationToken);
            return Refuse ? throw new KeyUnwrapException("access denied by the test") : Convert.FromHexString(key.Enc);
        }
        finally
        {
            Interlocked.Decrement(ref running);
        }
    }

    public string Describe(MasterKey key) => key.Field("name") ?? "?";

    public static MasterKey Key(string type, string name) => MasterKey.Create(type, ("name", name));
}
