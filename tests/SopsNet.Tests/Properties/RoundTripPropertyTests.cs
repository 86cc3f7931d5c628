using CsCheck;
using Xunit.Abstractions;

namespace SopsNet.Tests.Properties;

// Generated round trips for every store (issue 10): see RoundTripInvariant for what must hold.
//
// Every run draws a fresh seed (CsCheck's default), 2,000+ cases in all. On a failure CsCheck shrinks the
// case and the test fails with the smallest one it found, printed escaped, and its seed:
//     Set seed: "0N0XIzNsQ0O2" or -e CsCheck_Seed=0N0XIzNsQ0O2 to reproduce
// Replay it with that environment variable (the test then runs the one case):
//     CsCheck_Seed=0N0XIzNsQ0O2 dotnet test tests/SopsNet.Tests --filter "FullyQualifiedName~RoundTripPropertyTests.Yaml"
// CsCheck_Iter=20000 runs more cases (e.g. locally before a release); CsCheck_Time=60 runs each for 60 s.
// A failure found this way becomes a plain regression test next to the code it fixes.
public sealed class RoundTripPropertyTests(ITestOutputHelper output)
{
    [Fact]
    public Task Yaml() => RunAsync("yaml", YamlSourceGen.Stream, 800);

    private async Task RunAsync(string format, Gen<string> text, long iterations, bool allowCr = true)
    {
        var tally = new int[3];
        await SourceText.Cases(format, text, allowCr).SampleAsync(
            async c => Interlocked.Increment(ref tally[(int)await RoundTripInvariant.HoldsAsync(c)]),
            output.WriteLine, iter: iterations, threads: 1, print: c => c.ToString());
        output.WriteLine($"{format}: {tally[0]} exact, {tally[1]} canonical, {tally[2]} refused");

        // Mostly refused inputs would mean the generator tests the parser's error path, not round trips.
        Assert.True(tally[2] * 4 < tally.Sum(), $"{format}: {tally[2]} of {tally.Sum()} generated files were refused");
    }
}
