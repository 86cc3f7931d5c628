using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

public sealed class ReuseTests
{
    private static readonly Dictionary<string, string> Key = new() { ["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey };

    [Fact]
    public async Task Re_encrypting_an_unchanged_plaintext_over_its_encrypted_twin_changes_no_byte()
    {
        using var dir = new TempDir();
        var plain = dir.Write("app.yaml", "# settings\na: 1\nb: two\nlist:\n    - x\n");
        var encrypted = dir.File("app.enc.yaml");
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "--output", encrypted, plain)).ExitCode);
        var before = File.ReadAllBytes(encrypted);

        await Task.Delay(1100);
        var run = await CliRun.RunAsync(dir.Path, Key, "encrypt", "--output", encrypted, plain);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(before, File.ReadAllBytes(encrypted));
    }

    [Fact]
    public async Task Reuse_from_keeps_unchanged_ciphertexts_and_changes_only_the_edited_value()
    {
        using var dir = new TempDir();
        var plain = dir.Write("app.yaml", "a: 1\nb: two\nlist:\n    - x\n");
        var old = dir.File("old.enc.yaml");
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "--output", old, plain)).ExitCode);
        File.WriteAllText(plain, "a: 1\nb: three\nlist:\n    - x\n");

        await Task.Delay(1100);
        var run = await CliRun.RunAsync(dir.Path, Key, "encrypt", "--reuse-from", old, plain);
        Assert.True(run.ExitCode == 0, run.ToString());
        var before = File.ReadAllLines(old);
        var after = run.Stdout.TrimEnd('\n').Split('\n');
        var changed = before.Zip(after).Where(x => x.First != x.Second).Select(x => x.Second.TrimStart().Split(':')[0]).ToList();
        Assert.Equal(["b", "lastmodified", "mac"], changed);
    }
}
