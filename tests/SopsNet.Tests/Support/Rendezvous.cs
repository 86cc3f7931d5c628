namespace SopsNet.Tests.Support;

/// <summary>
/// A meeting point for calls that must overlap: each arrival waits until <paramref name="participants"/>
/// have arrived. If they never do (the calls ran one after another), the wait fails after a generous
/// minute, naming how many came, instead of a test asserting on elapsed time.
/// </summary>
public sealed class Rendezvous(int participants)
{
    private readonly TaskCompletionSource all = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int arrived;

    public async Task ArriveAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Increment(ref arrived) == participants)
        {
            all.TrySetResult();
        }

        try
        {
            await all.Task.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"only {Volatile.Read(ref arrived)} of {participants} calls ever ran at the same time");
        }
    }
}
