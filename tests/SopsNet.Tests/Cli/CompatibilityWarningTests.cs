using System.Text.RegularExpressions;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// Spellings sops compatibility forces to change on the way through, because the encrypted file cannot
/// record them: an unquoted YAML date becomes an RFC 3339 timestamp, an alias becomes a copy, a folded
/// block's line breaks are lost, a plain string in a flow collection must be quoted around its ENC[...],
/// `True`/`False` decrypt like sops's canonical `True` (i.e. as `true`), a JSON `\/` or `\u2603` escape is
/// not kept. The user is told where (file, line, tree path), never what the value is, and the decrypted
/// data means what sops would make of it.
/// </summary>
public sealed class CompatibilityWarningTests : IDisposable
{
    private const string Plaintext =
        "name: app\n" +
        "released: 2024-01-01\n" +
        "anchors:\n" +
        "    base: &base\n" +
        "        user: alias-target-secret\n" +
        "    copy: *base\n" +
        "folded: >\n" +
        "    folded-secret-one\n" +
        "    folded-secret-two\n" +
        "flow: [flow-secret, 1]\n" +
        "title_bool: False\n";

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData(2, "[\"released\"]", "2024-01-01")]
    [InlineData(6, "[\"anchors\"][\"copy\"]", "alias-target-secret")]
    [InlineData(7, "[\"folded\"]", "folded-secret")]
    [InlineData(10, "[\"flow\"][0]", "flow-secret")]
    public async Task Encrypting_a_yaml_spelling_sops_changes_warns_with_file_line_and_path_but_no_value(int line, string path, string? value)
    {
        await AssertWarnsAsync(line, path, value);
    }

    [Fact]
    public async Task A_title_case_yaml_bool_warns_that_it_comes_back_lower_case()
    {
        // sops encrypts true as "True", so a file's `True` cannot be told from `true` after encryption.
        await AssertWarnsAsync(11, "[\"title_bool\"]", null);
    }

    private async Task AssertWarnsAsync(int line, string path, string? value)
    {
        dir.Write("compat.yaml", Plaintext);

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "compat.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        var warning = run.Stderr.Split('\n').FirstOrDefault(l => l.Contains(path, StringComparison.Ordinal));
        Assert.True(warning is not null, "no warning names " + path + ":\n" + run.Stderr);
        Assert.Matches(new Regex($@"^sopsnet: warning: compat\.yaml:{line}(:\d+)?: "), warning);
        if (value is not null)
        {
            Assert.DoesNotContain(value, run.Stderr);
        }

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
    public async Task Changed_yaml_spellings_decrypt_to_the_values_sops_would_give()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "compat.yaml", CliKit.Bytes(Plaintext));

        var json = await CliKit.DecryptWithDemoKeyAsync(dir.Path, "--output-type", "json", encrypted);

        JsonTree.AssertEqual(
            """
            {"name": "app", "released": "2024-01-01T00:00:00Z",
             "anchors": {"base": {"user": "alias-target-secret"}, "copy": {"user": "alias-target-secret"}},
             "folded": "folded-secret-one folded-secret-two\n", "flow": ["flow-secret", 1], "title_bool": false}
            """,
            CliKit.Text(json));
    }
    [Fact]
    public async Task The_same_warning_at_many_places_shows_its_first_three_then_one_count_line()
    {
        // A large file in one style (gen_big.py's `hosts: [a, b]` in every service) printed one identical
        // warning per value: 10,000 lines for 5,000 services, burying anything else said.
        dir.Write("many.yaml", string.Concat(Enumerable.Range(0, 50).Select(i => $"s{i}: [host-{i}-secret, h]\n")) + "released: 2024-01-01\n");

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "many.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
            ["many.yaml:1:6:", "many.yaml:1:21:", "many.yaml:2:6:", "many.yaml:51:11:", "many.yaml: 97 more places: plain scalar in a flow collection"],
            lines.Select(l => l["sopsnet: warning: ".Length..]).Select(l => l[..l.IndexOf(l.Contains("more places", StringComparison.Ordinal) ? " will" : " [", StringComparison.Ordinal)]));
        Assert.DoesNotContain("secret", run.Stderr);
    }
}
