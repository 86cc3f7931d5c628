using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

public sealed class SetUnsetTests
{
    private static readonly Dictionary<string, string> Key = new() { ["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey };

    private const string Plain = "# service config\ndb:\n    user: app   # the user\n    password: old\napi: \"token\"\nlist:\n    - a\n    - b\n";

    private static async Task<(TempDir Dir, string File)> EncryptedAsync(string name = "s.yaml", string content = Plain)
    {
        var dir = new TempDir();
        var file = dir.Write(name, content);
        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, file);
        Assert.True(run.ExitCode == 0, run.ToString());
        return (dir, file);
    }

    /// <summary>The lines that differ between two versions with the same line count, by position.</summary>
    private static List<string> ChangedLines(string before, string after)
    {
        var a = before.Split('\n');
        var b = after.Split('\n');
        Assert.Equal(a.Length, b.Length);
        return a.Zip(b).Where(x => x.First != x.Second).Select(x => x.Second.TrimStart().Split(':')[0]).ToList();
    }

    [Fact]
    public async Task Set_changes_exactly_the_value_line_plus_lastmodified_and_mac_and_repeating_it_changes_nothing()
    {
        var (dir, file) = await EncryptedAsync();
        using var _ = dir;
        var before = File.ReadAllText(file);

        // lastmodified has second precision: make sure the set lands in a later second.
        await Task.Delay(1100);
        var run = await CliRun.RunAsync(dir.Path, Key, "set", file, "[\"db\"][\"password\"]", "\"new\"");
        Assert.True(run.ExitCode == 0, run.ToString());
        var after = File.ReadAllText(file);
        Assert.Equal(["password", "lastmodified", "mac"], ChangedLines(before, after));

        await Task.Delay(1100);
        var again = await CliRun.RunAsync(dir.Path, Key, "set", file, "[\"db\"][\"password\"]", "\"new\"");
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(after, File.ReadAllText(file));

        var decrypted = await CliRun.RunAsync(dir.Path, Key, "decrypt", file);
        Assert.Equal(Plain.Replace("password: old", "password: new"), decrypted.Stdout);
    }

    [Fact]
    public async Task Unset_removes_exactly_that_keys_lines()
    {
        var (dir, file) = await EncryptedAsync();
        using var _ = dir;
        var before = File.ReadAllLines(file);
        var run = await CliRun.RunAsync(dir.Path, Key, "unset", file, "[\"list\"][0]");
        Assert.True(run.ExitCode == 0, run.ToString());
        var after = File.ReadAllLines(file);
        var removed = before.Except(after).ToList();
        Assert.Single(removed, l => l.StartsWith("    - ENC[", StringComparison.Ordinal));
        Assert.All(removed.Where(l => !l.StartsWith("    - ENC[", StringComparison.Ordinal)),
            l => Assert.Matches("^    (lastmodified|mac):", l));
        Assert.Equal(before.Length - 1, after.Length);

        var decrypted = await CliRun.RunAsync(dir.Path, Key, "decrypt", file);
        Assert.Equal(Plain.Replace("    - a\n", ""), decrypted.Stdout);
    }

    [Fact]
    public async Task Unset_of_the_last_key_of_a_nested_mapping_leaves_an_empty_mapping()
    {
        // The spliced writer left "b:" behind, which reads back as null, so the read-back check refused the
        // unset with exit 4; go-yaml (and so sops) writes the empty mapping as "b: {}".
        var (dir, file) = await EncryptedAsync("n.yaml", "b:\n  M: 1\n");
        using var _ = dir;

        var run = await CliRun.RunAsync(dir.Path, Key, "unset", file, "[\"b\"][\"M\"]");

        Assert.True(run.ExitCode == 0, run.ToString());
        var decrypted = await CliRun.RunAsync(dir.Path, Key, "decrypt", file);
        Assert.Equal("b: {}\n", decrypted.Stdout);
    }

    [Fact]
    public async Task Set_adds_new_keys_and_structures_from_json_values()
    {
        var (dir, file) = await EncryptedAsync("c.json", "{\n\t\"a\": \"x\"\n}\n");
        using var _ = dir;
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, Key, "set", file, "[\"port\"]", "5432")).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, Key, "set", file, "[\"nested\"][\"list\"]", "[1, true, \"s\"]")).ExitCode);
        var decrypted = await CliRun.RunAsync(dir.Path, Key, "decrypt", file);
        JsonTree.AssertEqual("{\"a\":\"x\",\"port\":5432,\"nested\":{\"list\":[1,true,\"s\"]}}", decrypted.Stdout);
    }

    [Fact]
    public async Task Set_reads_the_value_from_stdin_or_a_file()
    {
        var (dir, file) = await EncryptedAsync();
        using var _ = dir;
        var valueFile = dir.Write("value.json", "\"from-file\"");
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, Key, "set", "--value-file", file, "[\"api\"]", valueFile)).ExitCode);
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, Key, "\"from-stdin\""u8.ToArray(), "set", "--value-stdin", file, "[\"db\"][\"user\"]")).ExitCode);
        var decrypted = (await CliRun.RunAsync(dir.Path, Key, "decrypt", file)).Stdout;
        Assert.Contains("api: \"from-file\"", decrypted);
        Assert.Contains("user: from-stdin   # the user", decrypted);
    }

    [Theory]
    [InlineData("set", "not a path", "\"v\"", 7)]
    [InlineData("set", "[\"db\"]", "{not json", 7)]
    [InlineData("set", "[\"db\"][\"password\"][\"deeper\"]", "\"v\"", 7)]
    [InlineData("unset", "[\"missing\"]", null, 1)] // sops.go unset: "Key not found", a plain error
    public async Task Bad_paths_and_values_fail_with_sops_exit_code_and_leave_the_file_alone(string command, string path, string? value, int code)
    {
        var (dir, file) = await EncryptedAsync();
        using var _ = dir;
        var before = File.ReadAllBytes(file);
        string[] args = value is null ? [command, file, path] : [command, file, path, value];
        var run = await CliRun.RunAsync(dir.Path, Key, args);
        Assert.Equal(code, run.ExitCode);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("old", run.Stderr);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Unset_idempotent_accepts_a_missing_path()
    {
        var (dir, file) = await EncryptedAsync();
        using var _ = dir;
        var before = File.ReadAllBytes(file);
        var run = await CliRun.RunAsync(dir.Path, Key, "unset", "--idempotent", file, "[\"missing\"]");
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(before, File.ReadAllBytes(file));
    }
}
