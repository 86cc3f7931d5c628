namespace SopsNet.Fuzz;

/// <summary>What one bounded mutation run did; <see cref="Failure"/> is null when every input held the invariant.</summary>
public sealed record FuzzReport(string Target, int Seed, long Executions, long Accepted, int CorpusSize, string? Failure)
{
    public override string ToString() =>
        $"{Target}: {Executions} inputs, {Accepted} accepted, corpus {CorpusSize}, seed {Seed}" + (Failure is null ? "" : "\n" + Failure);
}
