using System.Globalization;
using SopsNet.Fuzz;
using Xunit.Abstractions;

namespace SopsNet.Tests.Fuzz;

// Bounded in-process fuzzing of every parser (issue 10); the harness, its invariants and the libFuzzer/AFL
// entry points are in tests/SopsNet.Fuzz (see its README.md). Each target gets SOPSNET_FUZZ_SECONDS seconds
// (default 2) of mutants of its seed corpus, from a fresh seed every run. A failure prints the seed and
// the input (escaped and base64); replay it with
//     SOPSNET_FUZZ_SEED=N dotnet test tests/SopsNet.Tests --filter "FullyQualifiedName~ParserFuzzTests"
// or save the input and run `dotnet run --project tests/SopsNet.Fuzz -- run TARGET FILE`.
// A failure found this way becomes a plain regression test next to the code it fixes.
public sealed class ParserFuzzTests(ITestOutputHelper output)
{
    public static TheoryData<string> Targets() => [.. FuzzTargets.All.Select(t => t.Name)];

    [Theory]
    [MemberData(nameof(Targets))]
    public void Every_input_is_accepted_faithfully_or_refused_in_one_line(string target)
    {
        var seed = Environment.GetEnvironmentVariable("SOPSNET_FUZZ_SEED") is { Length: > 0 } s
            ? int.Parse(s, CultureInfo.InvariantCulture)
            : Random.Shared.Next();
        var seconds = Environment.GetEnvironmentVariable("SOPSNET_FUZZ_SECONDS") is { Length: > 0 } t
            ? double.Parse(t, CultureInfo.InvariantCulture)
            : 2;
        var fuzzTarget = FuzzTargets.Named(target);

        var report = MutationRunner.Run(fuzzTarget, seed, TimeSpan.FromSeconds(seconds), hangLimit: TimeSpan.FromSeconds(10));

        output.WriteLine(report.ToString());
        Assert.True(report.Failure is null, report.ToString());
        Assert.True(report.Executions > fuzzTarget.Seeds().Count(), $"{target}: no mutant ran (seed {seed})");
    }
}
