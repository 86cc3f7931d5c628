namespace SopsNet.Fuzz;

/// <summary>A clock that always says the same time, so the encrypted seeds (and so every replay) are the same bytes.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
