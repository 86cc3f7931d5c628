using System.Diagnostics;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// Small or simple files built to exhaust memory, stack or time (issue 10): each is refused in one line
/// naming the file and the position, quickly, by every command that reads it, and a large flat file is
/// read in linear time.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public void An_ini_section_of_100_000_keys_encrypts_in_linear_time()
    {
        dir.Write("big.ini", "[s]\n" + string.Concat(Enumerable.Range(0, 100_000).Select(i => $"key{i} = value{i}\n")));

        var (run, elapsed, _) = Measured("encrypt", "--age", TestPaths.DemoRecipient, "big.ini");

        // Linear takes about a second; the quadratic duplicate-key check took 82 s.
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(100_001, CountLines(run.Stdout, "ENC[AES256_GCM,"));
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(20));
    }

    public static TheoryData<string, byte[], string> InvalidUtf8() => new()
    {
        { "bad.yaml", [.. "a: 1\nb: x"u8, 0xFF, .. "y\n"u8], "2:5: yaml: the file is not valid utf-8 (at byte offset 9)" },
        { "bom.yaml", [0xEF, 0xBB, 0xBF, .. "a: é"u8, 0xC3, .. "\n"u8], "1:5: yaml: the file is not valid utf-8 (at byte offset 8)" },
        { "bad.json", [.. "{\n  \"a\": \"x"u8, 0xC0, 0x80, .. "\"\n}\n"u8], "2:10: json: invalid utf-8 inside a string (at byte offset 11)" },
        { "bad.env", [.. "A=1\nB="u8, 0xE2, 0x28, .. "\n"u8], "2:3: dotenv: the file is not valid utf-8 (at byte offset 6)" },
        { "bad.ini", [.. "[s]\nk = "u8, 0x80, .. "\n"u8], "2:5: ini: the file is not valid utf-8 (at byte offset 8)" },
        { "bad.toml", [.. "a = 1\nb = \"é"u8, 0xED, 0xA0, 0x80, .. "\"\n"u8], "2:7: toml: the file is not valid utf-8 (at byte offset 13)" },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public async Task Invalid_utf8_is_refused_in_one_line_with_file_line_column_and_byte_offset(string name, byte[] content, string where)
    {
        await File.WriteAllBytesAsync(dir.File(name), content);

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, name);

        CliKit.AssertFailure(run, 2, name);
        Assert.Equal($"sopsnet: error: {name}:{where}\n", run.Stderr);
    }

    /// <summary>
    /// Runs the command on a thread of its own and measures what that thread allocated: reading and
    /// parsing happen before the command's first await, so the parse is counted whatever the other tests
    /// running at the same time allocate.
    /// </summary>
    private (CliRun Run, TimeSpan Elapsed, long Allocated) Measured(params string[] args)
    {
        CliRun? run = null;
        long allocated = 0;
        var stopwatch = Stopwatch.StartNew();
        var thread = new Thread(() =>
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            run = CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), args).GetAwaiter().GetResult();
            allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        });
        thread.Start();
        thread.Join();
        return (run!, stopwatch.Elapsed, allocated);
    }

    private static int CountLines(string text, string containing) =>
        text.Split('\n').Count(line => line.Contains(containing, StringComparison.Ordinal));
}
