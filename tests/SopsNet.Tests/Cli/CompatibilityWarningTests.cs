using System.Text.RegularExpressions;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// YAML spellings sops compatibility forces to change on the way through (an unquoted date becomes an RFC
/// 3339 timestamp, an alias becomes a copy): the user is told where (file, line, tree path), never what
/// the value is, and the decrypted data means what sops would make of it.
/// </summary>
public sealed class CompatibilityWarningTests : IDisposable
{
    private const string Plaintext =
        "name: app\n" +
        "released: 2024-01-01\n" +
        "anchors:\n" +
        "    base: &base\n" +
        "        user: alias-target-secret\n" +
        "    copy: *base\n";

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData(2, "[\"released\"]", "2024-01-01")]
    [InlineData(6, "[\"anchors\"][\"copy\"]", "alias-target-secret")]
    public async Task Encrypting_a_yaml_spelling_sops_changes_warns_with_file_line_and_path_but_no_value(int line, string path, string value)
    {
        dir.Write("compat.yaml", Plaintext);

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "compat.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        var warning = run.Stderr.Split('\n').FirstOrDefault(l => l.Contains(path, StringComparison.Ordinal));
        Assert.True(warning is not null, "no warning names " + path + ":\n" + run.Stderr);
        Assert.Matches(new Regex($@"^sopsnet: warning: compat\.yaml:{line}(:\d+)?: "), warning);
        Assert.DoesNotContain(value, run.Stderr);
        CliKit.AssertNoStackTrace(run);
    }

    [Theory]
    [InlineData("[\"slash\"]", 2)]
    [InlineData("[\"snowman\"]", 3)]
    public async Task Encrypting_a_json_escape_that_cannot_survive_warns_with_file_line_and_path_but_no_value(string path, int line)
    {
        dir.Write("escapes.json", "{\n\t\"slash\": \"a\\/b-escaped-secret\",\n\t\"snowman\": \"\\u2603-escaped-secret\"\n}\n");

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "escapes.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        var warning = run.Stderr.Split('\n').FirstOrDefault(l => l.Contains(path, StringComparison.Ordinal));
        Assert.True(warning is not null, "no warning names " + path + ":\n" + run.Stderr);
        Assert.Matches(new Regex($@"^sopsnet: warning: escapes\.json:{line}(:\d+)?: "), warning);
        Assert.DoesNotContain("escaped-secret", run.Stderr);
        CliKit.AssertNoStackTrace(run);
    }

    [Fact]
    public async Task A_json_escape_that_cannot_survive_decrypts_to_the_same_string()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "escapes.json", CliKit.Bytes("{\"slash\": \"a\\/b\", \"snowman\": \"\\u2603\"}\n"));

        var json = await CliKit.DecryptWithDemoKeyAsync(dir.Path, encrypted);

        Assert.Equal("{\"slash\": \"a/b\", \"snowman\": \"\u2603\"}\n", CliKit.Text(json));
    }

    [Fact]
    public async Task A_yaml_date_decrypts_as_an_rfc3339_timestamp_and_an_alias_as_a_copy()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "compat.yaml", CliKit.Bytes(Plaintext));

        var json = await CliKit.DecryptWithDemoKeyAsync(dir.Path, "--output-type", "json", encrypted);

        JsonTree.AssertEqual(
            """{"name": "app", "released": "2024-01-01T00:00:00Z", "anchors": {"base": {"user": "alias-target-secret"}, "copy": {"user": "alias-target-secret"}}}""",
            CliKit.Text(json));
    }
}
