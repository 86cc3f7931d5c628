using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

public sealed class ConversionTests
{
    private static readonly Dictionary<string, string> Key = new() { ["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey };

    [Fact]
    public async Task A_flat_yaml_file_encrypts_to_dotenv_and_decrypts_to_dotenv_json_and_yaml()
    {
        using var dir = new TempDir();
        var plain = dir.Write("flat.yaml", "A: one\nB: two words\n");
        var encrypted = dir.File("flat.enc.env");
        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "--output-type", "dotenv", "--output", encrypted, plain);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("A=ENC[AES256_GCM,", File.ReadAllText(encrypted));

        Assert.Equal("A=one\nB=two words\n", (await CliRun.RunAsync(dir.Path, Key, "decrypt", encrypted)).Stdout);
        JsonTree.AssertEqual("{\"A\":\"one\",\"B\":\"two words\"}", (await CliRun.RunAsync(dir.Path, Key, "decrypt", "--output-type", "json", encrypted)).Stdout);
        Assert.Equal("A: one\nB: two words\n", (await CliRun.RunAsync(dir.Path, Key, "decrypt", "--output-type", "yaml", encrypted)).Stdout);
    }

    [Fact]
    public async Task A_nested_value_cannot_go_into_dotenv_and_the_error_names_its_path()
    {
        using var dir = new TempDir();
        var plain = dir.Write("nested.yaml", "db:\n    password: hidden-value\n");
        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "--output-type", "dotenv", plain);
        Assert.Equal(4, run.ExitCode);
        Assert.Contains("[\"db\"]", run.Stderr);
        Assert.DoesNotContain("hidden-value", run.Stderr + run.Stdout);
    }
}
