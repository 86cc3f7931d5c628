using SopsNet.Age;
using SopsNet.Engine;
using SopsNet.Metadata;
using SopsNet.Stores.Yaml;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

public sealed class KeyUpdateTests
{
    private const string Plain = "db:\n    password: s3cret\n    user: app\nlist:\n    - one\n    - two\n";

    /// <summary>A second recipient, with its identity in a key file.</summary>
    private static (string Recipient, string KeyFile) SecondKey(TempDir dir)
    {
        var identity = X25519Identity.Generate();
        var file = dir.Write("second-key.txt", identity.ToSecretString() + "\n");
        return (identity.Recipient.ToString()!, file);
    }

    private static Dictionary<string, string> KeyFile(string file) => new() { ["SOPS_AGE_KEY_FILE"] = file };

    private static IEnumerable<string> Ciphertexts(string encrypted) =>
        encrypted.Split('\n').Where(l => l.Contains("ENC[", StringComparison.Ordinal) && !l.TrimStart().StartsWith("mac:", StringComparison.Ordinal));

    [Fact]
    public async Task Rotate_gives_a_new_data_key_every_value_changes_and_the_file_still_decrypts()
    {
        using var dir = new TempDir();
        var file = dir.Write("s.yaml", Plain);
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, file)).ExitCode);
        var before = File.ReadAllText(file);

        var run = await CliRun.RunAsync(dir.Path, KeyFile(TestPaths.DemoKey), "rotate", "-i", file);
        Assert.True(run.ExitCode == 0, run.ToString());
        var after = File.ReadAllText(file);
        Assert.Empty(Ciphertexts(before).Intersect(Ciphertexts(after)));
        Assert.Equal(Ciphertexts(before).Count(), Ciphertexts(after).Count());
        Assert.Equal(Plain, (await CliRun.RunAsync(dir.Path, KeyFile(TestPaths.DemoKey), "decrypt", file)).Stdout);
    }

    [Fact]
    public async Task Rotate_adds_and_removes_recipients()
    {
        using var dir = new TempDir();
        var (second, secondKey) = SecondKey(dir);
        var file = dir.Write("s.yaml", Plain);
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, file)).ExitCode);

        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, KeyFile(TestPaths.DemoKey), "rotate", "-i", "--add-age", second, file)).ExitCode);
        Assert.Equal(Plain, (await CliRun.RunAsync(dir.Path, KeyFile(secondKey), "decrypt", file)).Stdout);

        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, KeyFile(secondKey), "rotate", "-i", "--rm-age", TestPaths.DemoRecipient, file)).ExitCode);
        Assert.Equal(128, (await CliRun.RunAsync(dir.Path, KeyFile(TestPaths.DemoKey), "decrypt", file)).ExitCode);
        Assert.Equal(Plain, (await CliRun.RunAsync(dir.Path, KeyFile(secondKey), "decrypt", file)).Stdout);
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task Removing_a_recipient_with_updatekeys_makes_the_old_data_key_useless()
    {
        using var dir = new TempDir();
        var (second, secondKey) = SecondKey(dir);
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: \\.yaml$\n    age: {TestPaths.DemoRecipient},{second}\n");
        var file = dir.Write("s.yaml", Plain);
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", file)).ExitCode);
        var oldDataKey = DataKey(File.ReadAllBytes(file), secondKey, second);

        // The team removes the second recipient.
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: \\.yaml$\n    age: {TestPaths.DemoRecipient}\n");
        var run = await CliRun.RunAsync(dir.Path, KeyFile(TestPaths.DemoKey), "updatekeys", "-y", file);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("data key rotated", run.Stderr);

        var store = new YamlStore();
        var updated = store.Parse(File.ReadAllBytes(file));
        var metadata = MetadataCodec.Read(updated.Metadata!);
        Assert.DoesNotContain(second, File.ReadAllText(file));
        var e = Assert.Throws<SopsException>(() => SopsEngine.Decrypt(updated.Documents, metadata, oldDataKey, ignoreMac: false));
        Assert.Equal(SopsError.ErrorDecryptingTree, e.Error);
        Assert.Equal(Plain, (await CliRun.RunAsync(dir.Path, KeyFile(TestPaths.DemoKey), "decrypt", file)).Stdout);
    }

    [Fact]
    public async Task Adding_a_recipient_with_updatekeys_keeps_the_data_key_and_every_value()
    {
        using var dir = new TempDir();
        var (second, secondKey) = SecondKey(dir);
        dir.Write(".sops.yaml", $"creation_rules:\n  - age: {TestPaths.DemoRecipient}\n");
        var file = dir.Write("s.yaml", Plain);
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", file)).ExitCode);
        var before = File.ReadAllText(file);

        dir.Write(".sops.yaml", $"creation_rules:\n  - age: {TestPaths.DemoRecipient},{second}\n");
        var run = await CliRun.RunAsync(dir.Path, KeyFile(TestPaths.DemoKey), "updatekeys", "-y", file);
        Assert.True(run.ExitCode == 0, run.ToString());
        var after = File.ReadAllText(file);
        Assert.Equal(Ciphertexts(before), Ciphertexts(after).Where(l => !l.Contains("recipient", StringComparison.Ordinal)));
        Assert.Contains(before.Split('\n').Single(l => l.TrimStart().StartsWith("mac:", StringComparison.Ordinal)), after);
        Assert.Equal(Plain, (await CliRun.RunAsync(dir.Path, KeyFile(secondKey), "decrypt", file)).Stdout);
    }

    [Fact]
    public async Task Updatekeys_asks_before_writing_and_no_leaves_files_alone()
    {
        using var dir = new TempDir();
        var (second, _) = SecondKey(dir);
        dir.Write(".sops.yaml", $"creation_rules:\n  - age: {TestPaths.DemoRecipient}\n");
        var file = dir.Write("s.yaml", Plain);
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", file)).ExitCode);
        var before = File.ReadAllBytes(file);
        dir.Write(".sops.yaml", $"creation_rules:\n  - age: {second}\n");

        var run = await CliRun.RunAsync(dir.Path, KeyFile(TestPaths.DemoKey), "n\n"u8.ToArray(), "updatekeys", file);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains($"+{second}", run.Stderr);
        Assert.Contains($"-{TestPaths.DemoRecipient}", run.Stderr);
        Assert.Contains("[y/N]", run.Stderr);
        Assert.Equal(before, File.ReadAllBytes(file));
    }

    [Fact]
    public async Task Updatekeys_recursive_dry_run_over_100_files_reports_each_and_writes_nothing_then_applies()
    {
        using var dir = new TempDir();
        var (second, secondKey) = SecondKey(dir);
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: ^secrets/.*\\.yaml$\n    age: {TestPaths.DemoRecipient}\n");
        var files = new List<string>();
        for (var i = 0; i < 100; i++)
        {
            var file = dir.Write($"secrets/team{i % 7}/app{i}.yaml", $"n: {i}\nkey: value-{i}\n");
            Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", file)).ExitCode);
            files.Add(file);
        }

        dir.Write("secrets/README.md", "not matched by the rule");
        var before = files.ToDictionary(f => f, File.ReadAllBytes);
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: ^secrets/.*\\.yaml$\n    age: {TestPaths.DemoRecipient},{second}\n");

        var dry = await CliRun.RunAsync(dir.Path, null, "updatekeys", "-r", "--dry-run", "secrets");
        Assert.True(dry.ExitCode == 0, dry.ToString());
        Assert.Equal(100, dry.Stderr.Split('\n').Count(l => l.Contains($"would change: +{second}", StringComparison.Ordinal)));
        Assert.All(files, f => Assert.Equal(before[f], File.ReadAllBytes(f)));

        var run = await CliRun.RunAsync(dir.Path, KeyFile(TestPaths.DemoKey), "updatekeys", "-r", "-y", "secrets");
        Assert.True(run.ExitCode == 0, run.ToString());
        for (var i = 0; i < files.Count; i++)
        {
            var decrypted = await CliRun.RunAsync(dir.Path, KeyFile(secondKey), "decrypt", files[i]);
            Assert.Equal($"n: {i}\nkey: value-{i}\n", decrypted.Stdout);
        }
    }

    /// <summary>The data key in an age stanza, opened with the age CLI (not our code).</summary>
    private static byte[] DataKey(byte[] encryptedYaml, string identityFile, string recipient)
    {
        var metadata = MetadataCodec.Read(new YamlStore().Parse(encryptedYaml).Metadata!);
        var stanza = metadata.KeyGroups[0].Single(k => k.Field("recipient") == recipient).Enc;
        var result = External.Run("age", ["-d", "-i", identityFile], System.Text.Encoding.UTF8.GetBytes(stanza));
        Assert.Equal(0, result.ExitCode);
        Assert.Equal(32, result.Stdout.Length);
        return result.Stdout;
    }
}
