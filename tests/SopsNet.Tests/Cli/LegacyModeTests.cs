using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

public sealed class LegacyModeTests
{
    [Fact]
    public async Task Sops_top_level_decrypt_flag_works_as_in_git_textconv_recipes()
    {
        using var dir = new TempDir();
        var env = new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey };
        var run = await CliRun.RunAsync(dir.Path, env, "-d", TestPaths.Repo("samples/secrets.enc.yaml"));
        Assert.Equal(0, run.ExitCode);
        Assert.Equal(File.ReadAllText(TestPaths.Repo("samples/secrets.yaml")), run.Stdout);
    }

    [Fact]
    public async Task Sops_top_level_encrypt_flag_encrypts()
    {
        using var dir = new TempDir();
        var plain = dir.Write("a.yaml", "a: 1\n");
        var run = await CliRun.RunAsync(dir.Path, null, "--age", TestPaths.DemoRecipient, "-e", plain);
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("a: ENC[AES256_GCM,", run.Stdout);
    }
}
