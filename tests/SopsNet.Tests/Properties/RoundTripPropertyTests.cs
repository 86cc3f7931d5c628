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
    public Task Yaml() => RunAsync("yaml", SourceText.Cases("yaml", YamlSourceGen.Stream), 1200);

    [Fact]
    public Task Json() => RunAsync("json", SourceText.Cases("json", JsonSourceGen.Document), 500);

    [Fact]
    public Task Dotenv() => RunAsync("dotenv", SourceText.Cases("dotenv", DotenvSourceGen.Document), 400);

    [Fact]
    public Task Ini() => RunAsync("ini", SourceText.Cases("ini", IniSourceGen.Document), 500);

    [Fact]
    public Task Toml() => RunAsync("toml", SourceText.Cases("toml", TomlSourceGen.Document), 500);

    /// <summary>Any bytes at all, text or not: a binary file is one value.</summary>
    [Fact]
    public Task Binary() => RunAsync("binary", Gen.Frequency(
        (1, SourceText.Cases("binary", SourceText.QuotedText.Array[0, 4].Select(lines => string.Join("\n", lines)))),
        (1, Gen.Byte.Array[0, 300].Select(bytes => new RoundTripCase("binary", bytes, Selection.SelectionRule.Default, false)))), 150);

    private async Task RunAsync(string format, Gen<RoundTripCase> cases, long iterations)
    {
        var tally = new int[3];
        var cpu = Environment.CpuUsage.TotalTime;
        await cases.SampleAsync(
            async c => Interlocked.Increment(ref tally[(int)await RoundTripInvariant.HoldsAsync(c)]),
            output.WriteLine, iter: iterations, threads: 1, print: c => c.ToString());
        output.WriteLine($"{format}: {tally[0]} exact, {tally[1]} canonical, {tally[2]} refused; {(Environment.CpuUsage.TotalTime - cpu).TotalSeconds:F1} s of CPU");

        // Mostly refused inputs would mean the generator tests the parser's error path, not round trips.
        Assert.True(tally[2] * 4 < tally.Sum(), $"{format}: {tally[2]} of {tally.Sum()} generated files were refused");
    }
}
