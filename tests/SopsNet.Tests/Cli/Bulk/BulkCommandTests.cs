using SopsNet.Age;
using SopsNet.Cli;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Bulk;

/// <summary>
/// updatekeys -r, rotate -r and check over many files, as a CI step runs them (issue 15): one summary line,
/// --quiet, progress only on a terminal and only for a run that takes a while, no silent success when no
/// one could confirm, and errors that do not repeat themselves.
/// </summary>
public sealed class BulkCommandTests
{
    /// <summary>Five encrypted files under secrets/: three for the demo key only, two already for the demo and a second key.</summary>
    private static async Task<(TempDir Dir, string Second)> FiveFilesAsync()
    {
        var dir = new TempDir();
        var second = X25519Identity.Generate().Recipient.ToString()!;
        for (var i = 0; i < 5; i++)
        {
            var file = dir.Write($"secrets/app{i}.yaml", $"key: value-{i}\n");
            var recipients = i < 3 ? TestPaths.DemoRecipient : $"{TestPaths.DemoRecipient},{second}";
            Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", recipients, file)).ExitCode);
        }

        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: ^secrets/.*\\.yaml$\n    age: {TestPaths.DemoRecipient},{second}\n");
        return (dir, second);
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    [Fact]
    public async Task Updatekeys_recursive_ends_with_one_summary_line_and_does_not_list_unchanged_files()
    {
        var (dir, second) = await FiveFilesAsync();
        using var _ = dir;

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "updatekeys", "-r", "-y", "secrets");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("sopsnet: 5 files: 3 changed, 2 unchanged, 0 failed", Lines(run.Stderr)[^1]);
        Assert.DoesNotContain("recipients unchanged", run.Stderr);
        Assert.Equal(3, Lines(run.Stderr).Count(l => l.Contains($"+{second}", StringComparison.Ordinal)));
        Assert.Equal(4, Lines(run.Stderr).Length);

        var again = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "updatekeys", "-r", "-y", "secrets");
        Assert.Equal("sopsnet: 5 files: 0 changed, 5 unchanged, 0 failed\n", again.Stderr);
    }

    [Fact]
    public async Task Quiet_prints_nothing_when_all_goes_well()
    {
        var (dir, second) = await FiveFilesAsync();
        using var _ = dir;

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "updatekeys", "-r", "-y", "--quiet", "secrets");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.Contains(second, File.ReadAllText(dir.File("secrets/app0.yaml")));

        var rotate = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "rotate", "-r", "-q", "secrets");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        Assert.Equal("", rotate.Stderr);
    }

    [Fact]
    public async Task Updatekeys_without_yes_and_without_an_answer_fails_saying_why_and_changes_nothing()
    {
        var (dir, _) = await FiveFilesAsync();
        using var __ = dir;
        var before = File.ReadAllBytes(dir.File("secrets/app0.yaml"));

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "updatekeys", "-r", "secrets");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("sopsnet: error: secrets: 3 files would change, but no answer came (standard input ended: not a terminal?) and -y was not given; nothing changed", run.Stderr);
        Assert.Equal(before, File.ReadAllBytes(dir.File("secrets/app0.yaml")));

        // An answer given is still an answer: "n" leaves the files alone and is not an error.
        var no = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "n\n"u8.ToArray(), "updatekeys", "-r", "secrets");
        Assert.Equal(0, no.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(dir.File("secrets/app0.yaml")));
    }

    [Fact]
    public async Task Rotate_recursive_counts_failures_in_its_summary()
    {
        var (dir, _) = await FiveFilesAsync();
        using var __ = dir;
        dir.Write("secrets/broken.yaml", "key: value\nsops:\n    version: 3.9.0\n");

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "rotate", "-r", "secrets");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("sopsnet: error: secrets/broken.yaml: ", run.Stderr);
        Assert.Equal("sopsnet: 6 files: 5 changed, 0 unchanged, 1 failed", Lines(run.Stderr)[^1]);
    }

    [Fact]
    public async Task Check_over_many_files_ends_with_a_summary_and_quiet_keeps_only_failures()
    {
        var (dir, _) = await FiveFilesAsync();
        using var __ = dir;
        dir.Write("secrets/plain.yaml", "password: in-clear\n");

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "check", "secrets");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("sopsnet: error: check: 6 files: 5 ok, 1 failed", Lines(run.Stderr)[^1]);

        var quiet = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "check", "--quiet", "secrets");
        Assert.Equal(1, quiet.ExitCode);
        Assert.Equal("", quiet.Stdout);
        Assert.Contains("secrets/plain.yaml: not encrypted", quiet.Stderr);

        File.Delete(dir.File("secrets/plain.yaml"));
        var passing = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "check", "secrets");
        Assert.Equal(0, passing.ExitCode);
        Assert.Equal("sopsnet: check: 5 files: 5 ok, 0 failed\n", passing.Stderr);
    }

    [Fact]
    public async Task A_progress_line_shows_on_a_terminal_only_once_a_run_passes_a_second()
    {
        var (dir, _) = await FiveFilesAsync();
        using var __ = dir;

        var slow = await OnTerminalAsync(dir.Path, new StepClock(TimeSpan.FromSeconds(2)), "rotate", "-r", "secrets");
        Assert.Contains("\rsopsnet: 5/5 files", slow);

        var fast = await OnTerminalAsync(dir.Path, new StepClock(TimeSpan.Zero), "rotate", "-r", "secrets");
        Assert.DoesNotContain("\r", fast);
        Assert.Contains("5 files: 5 changed", fast);
    }

    [Fact]
    public async Task A_keyless_decrypt_explains_the_missing_identity_once_for_all_recipients()
    {
        using var dir = new TempDir();
        var others = Enumerable.Range(0, 2).Select(_ => X25519Identity.Generate().Recipient.ToString()!).ToList();
        var file = dir.Write("s.yaml", "a: secret-value\n");
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", string.Join(',', [TestPaths.DemoRecipient, .. others]), file)).ExitCode);

        var run = await CliRun.RunAsync(dir.Path, null, "decrypt", file);
        Assert.Equal(128, run.ExitCode);
        Assert.Single(Lines(run.Stderr));
        Assert.Equal(1, CountOf(run.Stderr, "no age identities were found"));
        Assert.All([TestPaths.DemoRecipient, .. others], r => Assert.Contains(r, run.Stderr));
    }

    [Fact]
    public async Task No_matching_creation_rule_names_the_sops_yaml_that_was_read()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: ^secrets/\n    age: {TestPaths.DemoRecipient}\n");
        var sub = Directory.CreateDirectory(dir.File("app")).FullName;
        File.WriteAllText(Path.Combine(sub, "x.yaml"), "a: 1\n");

        var encrypt = await CliRun.RunAsync(sub, null, "encrypt", "x.yaml");
        Assert.Equal(1, encrypt.ExitCode);
        Assert.Contains($"add a creation rule matching this file to {dir.File(".sops.yaml")}", encrypt.Stderr);

        var custom = dir.Write("conf/team.yaml", $"creation_rules:\n  - path_regex: ^nothing$\n    age: {TestPaths.DemoRecipient}\n");
        var file = dir.Write("s.yaml", "a: 1\n");
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, file)).ExitCode);
        var update = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "updatekeys", "-y", "--config", custom, "s.yaml");
        Assert.Equal(1, update.ExitCode);
        Assert.Contains("s.yaml: no creation rule in conf/team.yaml matches this file", update.Stderr);

    }

    [Fact]
    public async Task Without_any_sops_yaml_the_message_says_where_none_was_found()
    {
        using var dir = new TempDir();
        var file = dir.Write("x.yaml", "a: 1\n");

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", file);
        Assert.Equal(1, run.ExitCode);
        Assert.Contains($"add a creation rule matching this file to .sops.yaml (none found in {dir.Path} or above)", run.Stderr);
    }

    private static int CountOf(string text, string part) => (text.Length - text.Replace(part, "", StringComparison.Ordinal).Length) / part.Length;

    private static async Task<string> OnTerminalAsync(string cwd, TimeProvider clock, params string[] args)
    {
        var env = new Dictionary<string, string> { ["HOME"] = Path.Combine(cwd, ".test-home"), ["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey, ["NO_COLOR"] = "1" };
        using var stderr = new StringWriter();
        var ctx = new CliContext(new MemoryStream(), new MemoryStream(), stderr, name => env.GetValueOrDefault(name), cwd) { StandardErrorIsTerminal = true, Clock = clock };
        Assert.Equal(0, await SopsCli.RunAsync(args, ctx));
        return stderr.ToString();
    }

    /// <summary>A clock whose monotonic timestamp moves on by <paramref name="step"/> each time it is read: a run that "takes" as long as the test says.</summary>
    private sealed class StepClock(TimeSpan step) : TimeProvider
    {
        private long ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => Interlocked.Add(ref ticks, step.Ticks);
    }
}
