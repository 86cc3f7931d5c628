using System.Diagnostics;
using System.Text;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// Small or simple files built to exhaust memory, stack or time (issue 10): each is refused in one line
/// naming the file and the position, quickly, by every command that reads it, and a large flat file is
/// read in linear time.
/// </summary>
public sealed class HostileInputTests : IDisposable
{
    private const long HundredMegabytes = 100L * 1024 * 1024;

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>The classic "billion laughs": nine levels of nine aliases, 342 bytes, 9^9 strings once expanded.</summary>
    private static string AliasBomb(string indent = "")
    {
        var bomb = new StringBuilder($"{indent}a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            var alias = "*" + (char)(level - 1);
            bomb.Append($"{indent}{level}: &{level} [{string.Join(',', Enumerable.Repeat(alias, 9))}]\n");
        }

        return bomb.ToString();
    }

    [Fact]
    public void The_alias_bomb_is_the_342_byte_file_of_the_issue() => Assert.Equal(342, Encoding.UTF8.GetByteCount(AliasBomb()));

    [Fact]
    public void Encrypting_an_alias_bomb_is_refused_in_one_line_in_under_a_second_and_100_MB()
    {
        dir.Write("bomb.yaml", AliasBomb());

        var (run, elapsed, allocated) = Measured("encrypt", "--age", TestPaths.DemoRecipient, "bomb.yaml");

        CliKit.AssertFailure(run, 2, "bomb.yaml");
        Assert.Matches(@"^sopsnet: error: bomb\.yaml:\d+:\d+: invalid yaml: the document contains excessive aliasing", run.Stderr);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.InRange(allocated, 0, HundredMegabytes);
    }

    [Theory]
    [InlineData("decrypt", 1)]
    [InlineData("filestatus", 2)]
    public async Task An_untrusted_encrypted_file_with_an_alias_bomb_under_an_unencrypted_key_is_refused_in_under_a_second_and_100_MB(string command, int exitCode)
    {
        var file = await EncryptedFileWithBombAsync();

        var (run, elapsed, allocated) = Measured(command, file);

        CliKit.AssertFailure(run, exitCode, file, "hunter2");
        Assert.Contains("invalid yaml: the document contains excessive aliasing", run.Stderr);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.InRange(allocated, 0, HundredMegabytes);
    }

    [Fact]
    public async Task Git_textconv_of_an_encrypted_file_with_an_alias_bomb_shows_it_as_it_is_in_under_a_second_and_100_MB()
    {
        var file = await EncryptedFileWithBombAsync();

        var (run, elapsed, allocated) = Measured("decrypt", "--textconv", file);

        // A file that does not parse is not an encrypted file to git's diff: it is shown unchanged.
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(await File.ReadAllBytesAsync(dir.File(file)), run.StdoutBytes);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(1));
        Assert.InRange(allocated, 0, HundredMegabytes);
    }

    public static TheoryData<string, string, string> HundredThousandLevels()
    {
        const int deep = 100_000;
        return new TheoryData<string, string, string>
        {
            { "flow.yaml", "a: " + new string('[', deep) + new string(']', deep) + "\n", "1:259: yaml" },
            { "flowmap.yaml", "a: " + Repeat("{a: ", deep) + "1" + new string('}', deep) + "\n", "1:1024: yaml" },
            { "block.yaml", "a:\n" + Repeat("- ", deep) + "x\n", "2:511: yaml" },
            { "arrays.json", "{\"a\": " + new string('[', deep) + new string(']', deep) + "}\n", "1:262: json" },
            { "objects.json", Repeat("{\"a\": ", deep) + "1" + new string('}', deep) + "\n", "1:1537: json" },
            { "arrays.toml", "a = " + new string('[', deep) + new string(']', deep) + "\n", "1:260: toml" },
            { "tables.toml", "a = " + Repeat("{a = ", deep) + "1" + new string('}', deep) + "\n", "1:1280: toml" },
            { "dotted.toml", string.Join('.', Enumerable.Repeat("k", deep)) + " = 1\n", "1:1: toml" },
            { "header.toml", "[" + string.Join('.', Enumerable.Repeat("k", deep)) + "]\nx = 1\n", "1:1: toml" },
            { "arrayheader.toml", "[[" + string.Join('.', Enumerable.Repeat("k", deep)) + "]]\nx = 1\n", "1:1: toml" },
        };
    }

    [Theory]
    [MemberData(nameof(HundredThousandLevels))]
    public void Nesting_100_000_levels_deep_is_refused_in_one_line_with_file_and_position(string name, string content, string where)
    {
        dir.Write(name, content);

        var (run, elapsed, allocated) = Measured("encrypt", "--age", TestPaths.DemoRecipient, name);

        CliKit.AssertFailure(run, 2, name);
        Assert.Equal($"sopsnet: error: {name}:{where}: nesting is deeper than 256 levels\n", run.Stderr);
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.InRange(allocated, 0, HundredMegabytes);
    }

    [Fact]
    public void A_sops_yaml_nested_100_000_levels_deep_is_refused_in_one_line()
    {
        dir.Write(".sops.yaml", "creation_rules: " + new string('[', 100_000) + new string(']', 100_000) + "\n");
        dir.Write("plain.yaml", "a: 1\n");

        var (run, elapsed, _) = Measured("encrypt", "plain.yaml");

        CliKit.AssertFailure(run, 1, ".sops.yaml:1:272: invalid yaml: nesting is deeper than 256 levels");
        Assert.InRange(elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task Setting_a_value_100_000_keys_deep_is_refused_in_one_line_and_changes_nothing()
    {
        var file = Path.GetFileName(await CliKit.EncryptForDemoAsync(dir, "set.yaml", CliKit.Bytes("a: 1\n")));
        var before = await File.ReadAllBytesAsync(dir.File(file));

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "set", file, Repeat("[\"k\"]", 100_000), "1");

        CliKit.AssertFailure(run, 7, file);
        Assert.Contains("would nest 100000 levels deep; a file may nest at most 256", run.Stderr);
        Assert.Equal(before, await File.ReadAllBytesAsync(dir.File(file)));
    }

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
    /// An encrypted file as an attacker would commit it: sops's own layout, with the bomb as the plaintext
    /// value of an <c>_unencrypted</c> key (which the MAC would only be checked after parsing).
    /// </summary>
    private async Task<string> EncryptedFileWithBombAsync()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "victim.yaml", CliKit.Bytes("password: hunter2\n"));
        var text = await File.ReadAllTextAsync(encrypted);
        await File.WriteAllTextAsync(encrypted, "bomb_unencrypted:\n" + AliasBomb("    ") + text);
        return Path.GetFileName(encrypted);
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

    private static string Repeat(string s, int count) => string.Concat(Enumerable.Repeat(s, count));
}
