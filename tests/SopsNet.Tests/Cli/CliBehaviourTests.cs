using System.Text.Json;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>Everyday CLI behaviour: standard input, --extract, filestatus, .sops.yaml creation rules, SOPS_AGE_RECIPIENTS.</summary>
public sealed class CliBehaviourTests : IDisposable
{
    private const string Json = "{\n\t\"db\": {\n\t\t\"password\": \"behaviour-secret\",\n\t\t\"port\": 5432\n\t}\n}\n";
    private const string Yaml = "db:\n    password: behaviour-secret # the password\n    port: 5432\n";

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("json", Json)]
    [InlineData("yaml", Yaml)]
    public async Task Decrypt_reads_standard_input_when_given_the_input_type(string format, string plaintext)
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "stdin." + format, CliKit.Bytes(plaintext));

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), File.ReadAllBytes(encrypted), "decrypt", "--input-type", format);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(plaintext, run.Stdout);
    }

    [Theory]
    [InlineData("json", Json)]
    [InlineData("yaml", Yaml)]
    public async Task Extract_prints_a_string_leaf_raw(string format, string plaintext)
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "extract." + format, CliKit.Bytes(plaintext));

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--extract", "[\"db\"][\"password\"]", encrypted);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("behaviour-secret", run.Stdout);
    }

    /// <summary>sops's Truncate counts a list's comments as items (and prints a comment as a Go struct); here an index counts values.</summary>
    [Fact]
    public async Task Extract_counts_list_indices_over_values_not_comments()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "commented.yaml", CliKit.Bytes("list:\n    # the first value\n    - first-secret\n    - second\n"));

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--extract", "[\"list\"][0]", encrypted);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("first-secret", run.Stdout);
    }

    [Fact]
    public async Task The_age_key_command_is_told_which_recipient_to_open_as_sops_tells_it()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "cmd.yaml", CliKit.Bytes(Yaml));
        var seen = dir.File("seen.txt");
        var env = new Dictionary<string, string> { ["SOPS_AGE_KEY_CMD"] = $"sh -c 'echo \"$SOPS_AGE_RECIPIENT\" >> {seen}; cat {TestPaths.DemoKey}'" };

        var run = await CliRun.RunAsync(dir.Path, env, "decrypt", encrypted);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([TestPaths.DemoRecipient], File.ReadAllLines(seen));
    }

    [Theory]
    [InlineData("json", Json)]
    [InlineData("yaml", Yaml)]
    public async Task Filestatus_tells_encrypted_from_plaintext_files(string format, string plaintext)
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "status." + format, CliKit.Bytes(plaintext));

        var yes = await CliRun.RunAsync(dir.Path, null, "filestatus", encrypted);
        var no = await CliRun.RunAsync(dir.Path, null, "filestatus", dir.File("status." + format));

        Assert.True(yes.ExitCode == 0, yes.ToString());
        Assert.Equal("{\"encrypted\":true}", yes.Stdout.TrimEnd('\n'));
        Assert.True(no.ExitCode == 0, no.ToString());
        Assert.Equal("{\"encrypted\":false}", no.Stdout.TrimEnd('\n'));
    }

    [Fact]
    public async Task A_creation_rule_in_the_working_directory_supplies_the_recipient_when_no_age_flag_is_given()
    {
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: ^secrets/.*\\.json$\n    age: {TestPaths.DemoRecipient}\n  - path_regex: nothing-matches-this\n    age: {TestPaths.CorpusRecipient}\n");
        dir.Write("secrets/app.json", Json);

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "secrets/app.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([TestPaths.DemoRecipient], Recipients(run.Stdout));
        var encrypted = dir.Write("secrets/enc.app.json", run.Stdout);
        Assert.Equal(Json, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, encrypted)));
    }

    [Fact]
    public async Task A_creation_rule_s_selection_rule_decides_which_values_are_encrypted()
    {
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: .*\n    encrypted_regex: ^password$\n    age: {TestPaths.DemoRecipient}\n");
        dir.Write("app.yaml", "user: visible-user\npassword: hidden-password\n");

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "app.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("user: visible-user\npassword: ENC[AES256_GCM,", run.Stdout);
        Assert.DoesNotContain("hidden-password", run.Stdout);
        Assert.Contains("encrypted_regex: ^password$", run.Stdout);
    }

    [Theory]
    [InlineData("--input-type", "yaml")]
    [InlineData("--filename-override", "app.yaml")]
    public async Task Encrypt_reads_standard_input_when_told_the_format(string flag, string value)
    {
        var run = await CliRun.RunAsync(dir.Path, null, CliKit.Bytes(Yaml), "encrypt", "--age", TestPaths.DemoRecipient, flag, value);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("db:\n    password: ENC[AES256_GCM,", run.Stdout);
        var encrypted = dir.Write("enc.stdin.yaml", run.Stdout);
        Assert.Equal(Yaml, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, encrypted)));
    }

    [Fact]
    public async Task The_config_is_found_from_a_subdirectory_of_the_working_tree()
    {
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: \\.json$\n    age: {TestPaths.DemoRecipient}\n");
        var file = dir.Write("deep/er/app.json", Json);

        var run = await CliRun.RunAsync(Path.GetDirectoryName(file)!, null, "encrypt", "app.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([TestPaths.DemoRecipient], Recipients(run.Stdout));
    }

    [Fact]
    public async Task Without_a_matching_creation_rule_or_age_flag_encrypt_fails_saying_what_to_give()
    {
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: \\.yaml$\n    age: {TestPaths.DemoRecipient}\n");
        dir.Write("app.json", Json);

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "app.json");

        CliKit.AssertFailure(run, 1, "app.json", "behaviour-secret");
        Assert.Contains("--age", run.Stderr);
    }

    [Theory]
    [InlineData("flag")]
    [InlineData("env")]
    public async Task Config_flag_or_sops_config_selects_another_config_file(string how)
    {
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: \\.json$\n    age: {TestPaths.DemoRecipient}\n");
        var other = dir.Write("elsewhere/other.yaml", $"creation_rules:\n  - path_regex: \\.json$\n    age: {TestPaths.CorpusRecipient}\n");
        dir.Write("app.json", Json);

        var run = how == "flag"
            ? await CliRun.RunAsync(dir.Path, null, "encrypt", "--config", other, "app.json")
            : await CliRun.RunAsync(dir.Path, new Dictionary<string, string> { ["SOPS_CONFIG"] = other }, "encrypt", "app.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([TestPaths.CorpusRecipient], Recipients(run.Stdout));
        var encrypted = dir.Write("enc.app.json", run.Stdout);
        var decrypt = await CliRun.RunAsync(dir.Path, CliKit.CorpusKeyEnv(), "decrypt", encrypted);
        Assert.Equal(Json, decrypt.Stdout);
    }

    [Fact]
    public async Task Sops_age_recipients_in_the_environment_works_like_the_age_flag()
    {
        dir.Write("app.json", Json);
        var env = new Dictionary<string, string> { ["SOPS_AGE_RECIPIENTS"] = TestPaths.DemoRecipient + "," + TestPaths.CorpusRecipient };

        var run = await CliRun.RunAsync(dir.Path, env, "encrypt", "app.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([TestPaths.DemoRecipient, TestPaths.CorpusRecipient], Recipients(run.Stdout));
        var encrypted = dir.Write("enc.app.json", run.Stdout);
        Assert.Equal(Json, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, encrypted)));
    }

    [Fact]
    public async Task The_age_flag_wins_over_a_creation_rule()
    {
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: \\.json$\n    age: {TestPaths.DemoRecipient}\n");
        dir.Write("app.json", Json);

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.CorpusRecipient, "app.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal([TestPaths.CorpusRecipient], Recipients(run.Stdout));
    }

    private static string[] Recipients(string encryptedJson)
    {
        using var doc = JsonDocument.Parse(encryptedJson);
        return doc.RootElement.GetProperty("sops").GetProperty("age").EnumerateArray().Select(e => e.GetProperty("recipient").GetString()!).ToArray();
    }
}
