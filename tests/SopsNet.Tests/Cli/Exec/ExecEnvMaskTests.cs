using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Exec;

/// <summary>
/// exec-env --mask on GitHub Actions masks what is secret and nothing else: values that were encrypted,
/// line by line, but not values the file keeps in clear, not booleans and not lines under 4 characters
/// (masking "app" or "v1" would star out every occurrence in the log).
/// </summary>
public sealed class ExecEnvMaskTests
{
    private static readonly Dictionary<string, string> GitHub = new(ExecFixture.Key) { ["GITHUB_ACTIONS"] = "true" };

    [Fact]
    public async Task Only_encrypted_values_of_four_characters_or_more_are_masked_line_by_line()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml",
            $"token: {f.Secret}\napp: app\nversion: v1\ndebug: true\nport_unencrypted: 8080\nname_unencrypted: Secret\ncert: |\n    line-one\n    ab\n    line-three\n");

        var run = await f.RunAsync(GitHub, "exec-env", "--mask", file, "printenv app port_unencrypted name_unencrypted > out.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            [$"::add-mask::{f.Secret}", "::add-mask::line-one", "::add-mask::line-three"],
            run.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal("app\n8080\nSecret\n", f.Read("out.txt"));
    }

    [Fact]
    public async Task Values_an_unencrypted_rule_kept_in_clear_are_not_masked()
    {
        using var dir = new TempDir();
        var file = await CliKit.EncryptForDemoAsync(dir, "app.yaml", CliKit.Bytes("public_url: https://example.com\napi_key: key-1f3a9c\n"), "--unencrypted-regex", "^public_");

        var run = await CliRun.RunAsync(dir.Path, GitHub, "exec-env", "--mask", file, "true");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("::add-mask::key-1f3a9c\n", run.Stdout);
    }

    [Fact]
    public async Task A_later_file_that_keeps_the_value_in_clear_unmasks_it()
    {
        using var dir = new TempDir();
        var secret = await CliKit.EncryptForDemoAsync(dir, "base.yaml", CliKit.Bytes("region: eu-west-1\ntoken: tok-9c1e\n"));
        var overrides = await CliKit.EncryptForDemoAsync(dir, "over.yaml", CliKit.Bytes("region: eu-west-2\n"), "--unencrypted-regex", "^region$");

        var run = await CliRun.RunAsync(dir.Path, GitHub, "exec-env", "--mask", secret, overrides, "true");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("::add-mask::tok-9c1e\n", run.Stdout);
    }
}
