using System.Text.RegularExpressions;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// Which format an encrypted file is read in. sops stores a <c>.toml</c> (and any name it does not know)
/// as binary; sops files in real repositories hide behind names like <c>secrets.yaml.gotpl</c>. Every
/// command that reads an encrypted file recognises such files by their content, and takes <c>--input-type</c>.
/// </summary>
public sealed partial class FormatDetectionTests : IDisposable
{
    private const string Toml = "title = \"config\"\n\n[owner]\nname = \"toml-secret\"\n";

    /// <summary>sops 3.13's binary-store file with one age recipient, every value replaced by "…".</summary>
    private const string SopsBinaryLayout =
        "{\n\t\"data\": \"…\",\n\t\"sops\": {\n\t\t\"age\": [\n\t\t\t{\n\t\t\t\t\"enc\": \"…\",\n\t\t\t\t\"recipient\": \"…\"\n\t\t\t}\n\t\t],\n" +
        "\t\t\"lastmodified\": \"…\",\n\t\t\"mac\": \"…\",\n\t\t\"version\": \"…\"\n\t}\n}\n";

    /// <summary>
    /// The same once rewritten (rotate, set): sops reads a file without a selection rule as having the
    /// default <c>unencrypted_suffix</c> (stores/stores.go ToInternal) and writes it back, and so does SopsNet.
    /// </summary>
    private const string SopsBinaryLayoutRewritten =
        "{\n\t\"data\": \"…\",\n\t\"sops\": {\n\t\t\"age\": [\n\t\t\t{\n\t\t\t\t\"enc\": \"…\",\n\t\t\t\t\"recipient\": \"…\"\n\t\t\t}\n\t\t],\n" +
        "\t\t\"lastmodified\": \"…\",\n\t\t\"mac\": \"…\",\n\t\t\"unencrypted_suffix\": \"…\",\n\t\t\"version\": \"…\"\n\t}\n}\n";

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [ExternalToolFact(ExternalTool.Python3, ExternalTool.Age)]
    public async Task A_sops_binary_store_toml_made_by_an_independent_writer_opens_with_every_command()
    {
        dir.Write("plain.toml", Toml);
        var make = External.Run("python3", ["tests/interop/make_file.py", dir.File("plain.toml"), "--format", "binary", "--recipient", TestPaths.DemoRecipient, "-o", dir.File("config.toml")]);
        Assert.True(make.ExitCode == 0, make.Stderr);
        Assert.Equal(SopsBinaryLayout, Layout(File.ReadAllText(dir.File("config.toml"))));

        Assert.Equal(Toml, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, "config.toml")));
        await AssertRunsAsync("{\"encrypted\":true}\n", "filestatus", "config.toml");
        await AssertRunsAsync($"config.toml: age {TestPaths.DemoRecipient}\nage {TestPaths.DemoRecipient}: opens 1 file\n", "recipients", "config.toml");
        await AssertRunsAsync("", "rotate", "-i", "config.toml");
        await AssertRunsAsync("", "set", "config.toml", "[\"data\"]", "\"title = 'set'\\n\"");
        Assert.Equal(SopsBinaryLayoutRewritten, Layout(File.ReadAllText(dir.File("config.toml"))));
        Assert.Equal("title = 'set'\n", CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, "config.toml")));
        var edit = await CliRun.RunAsync(dir.Path, new Dictionary<string, string>(CliKit.DemoKeyEnv()) { ["EDITOR"] = "sed -i s/set/edited/" }, "edit", "config.toml");
        Assert.True(edit.ExitCode == 0, edit.ToString());
        Assert.Equal("title = 'edited'\n", CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, "config.toml")));

        // And the independent reader opens what SopsNet wrote back.
        var read = External.Run("python3", ["tests/interop/sops_reader.py", dir.File("config.toml"), "--format", "json", "--identity", TestPaths.DemoKey]);
        Assert.True(read.ExitCode == 0, read.Stderr);
        JsonTree.AssertEqual("{\"data\": \"title = 'edited'\\n\"}", read.StdoutText);
    }

    [Fact]
    public async Task Encrypting_a_toml_as_binary_writes_sops_binary_layout_which_decrypts_under_the_toml_name()
    {
        dir.Write("plain.toml", Toml);

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "--input-type", "binary", "plain.toml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.Equal(SopsBinaryLayout, Layout(run.Stdout));
        dir.Write("config.toml", run.Stdout);
        Assert.Equal(Toml, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, "config.toml")));
    }

    [Fact]
    public async Task Encrypting_a_toml_by_its_name_says_once_that_sops_cannot_read_it_and_how_to_get_a_file_it_can()
    {
        dir.Write("plain.toml", Toml);

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "plain.toml");

        Assert.True(run.ExitCode == 0, run.ToString());
        var warning = Assert.Single(run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("sopsnet: warning: plain.toml: ", warning, StringComparison.Ordinal);
        Assert.Contains("sops cannot read", warning, StringComparison.Ordinal);
        Assert.Contains("--input-type binary", warning, StringComparison.Ordinal);
        Assert.Contains("stores.toml.binary: true", warning, StringComparison.Ordinal);
        Assert.Contains("name = \"ENC[AES256_GCM,", run.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_stores_toml_binary_in_the_config_a_toml_is_encrypted_as_sops_stores_it()
    {
        dir.Write(".sops.yaml", $"creation_rules:\n  - age: {TestPaths.DemoRecipient}\nstores:\n  toml:\n    binary: true\n");
        dir.Write("config.toml", Toml);

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "config.toml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.Equal(SopsBinaryLayout, Layout(File.ReadAllText(dir.File("config.toml"))));
        Assert.Equal(Toml, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, "config.toml")));
    }

    [Fact]
    public async Task A_value_level_toml_sopsnet_encrypted_still_opens_as_toml()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "values.toml", CliKit.Bytes(Toml));
        File.Move(encrypted, dir.File("values.enc.toml"));

        Assert.Equal(Toml, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, "values.enc.toml")));
    }

    /// <summary>A binary file sops wrapped in YAML (<c>--output-type yaml</c>) reads, and stays YAML when rewritten.</summary>
    [Fact]
    public async Task A_binary_file_in_a_yaml_wrapper_decrypts_and_keeps_its_layout_when_rotated()
    {
        dir.Write("plain.toml", Toml);
        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "--input-type", "binary", "--output-type", "yaml", "plain.toml");
        Assert.True(run.ExitCode == 0, run.ToString());
        dir.Write("config.toml", run.Stdout);

        await AssertRunsAsync("", "rotate", "-i", "config.toml");

        Assert.StartsWith("data: ENC[AES256_GCM,", File.ReadAllText(dir.File("config.toml")), StringComparison.Ordinal);
        Assert.Equal(Toml, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, "config.toml")));
    }

    [Theory]
    [InlineData("yaml", "db:\n    password: hidden-secret\n")]
    [InlineData("json", "{\n\t\"db\": {\n\t\t\"password\": \"hidden-secret\"\n\t}\n}\n")]
    [InlineData("dotenv", "DB_PASSWORD=hidden-secret\n")]
    [InlineData("ini", "[db]\npassword = hidden-secret\n")]
    public async Task A_sops_file_whose_name_hides_its_format_is_recognised_by_its_content(string format, string plaintext)
    {
        var run = await CliRun.RunAsync(dir.Path, null, CliKit.Bytes(plaintext), "encrypt", "--age", TestPaths.DemoRecipient, "--input-type", format);
        Assert.True(run.ExitCode == 0, run.ToString());
        dir.Write("secrets.gotpl", run.Stdout);

        await AssertRunsAsync($"secrets.gotpl: age {TestPaths.DemoRecipient}\nage {TestPaths.DemoRecipient}: opens 1 file\n", "recipients", "secrets.gotpl");
        await AssertRunsAsync("{\"encrypted\":true}\n", "filestatus", "secrets.gotpl");
        Assert.Equal(plaintext, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, "secrets.gotpl")));
        await AssertRunsAsync("", "rotate", "-i", "secrets.gotpl");
        Assert.Equal(plaintext, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, "secrets.gotpl")));
    }

    /// <summary>Real sops files hold values that are JSON-style flow mappings indented with tabs, which go-yaml reads.</summary>
    [Fact]
    public async Task A_yaml_file_whose_flow_mapping_is_indented_with_tabs_encrypts_and_decrypts_back()
    {
        const string plaintext = "config: {\n\t\"user\": \"admin\",\n\t\"ports\": [\n\t\t80,\n\t\t\"443\"\n\t],\n\t\"password\": \"tabbed-secret\"\n}\n";

        var encrypted = await CliKit.EncryptForDemoAsync(dir, "tabs.yaml", CliKit.Bytes(plaintext));

        Assert.DoesNotContain("tabbed-secret", await File.ReadAllTextAsync(encrypted), StringComparison.Ordinal);
        Assert.Equal(plaintext, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, encrypted)));
    }

    [Fact]
    public async Task Recipients_and_check_take_the_input_type()
    {
        var run = await CliRun.RunAsync(dir.Path, null, CliKit.Bytes("a: typed-secret\n"), "encrypt", "--age", TestPaths.DemoRecipient, "--input-type", "yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        dir.Write("secret.data", run.Stdout);
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: \\.data$\n    age: {TestPaths.DemoRecipient}\n");

        await AssertRunsAsync($"secret.data: age {TestPaths.DemoRecipient}\nage {TestPaths.DemoRecipient}: opens 1 file\n", "recipients", "--input-type", "yaml", "secret.data");
        await AssertRunsAsync("secret.data: ok\n", "check", "--input-type", "yaml", "secret.data");
    }

    private async Task AssertRunsAsync(string stdout, params string[] args)
    {
        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), args);
        Assert.True(run.ExitCode == 0, $"{string.Join(' ', args)}: {run}");
        Assert.Equal(stdout, run.Stdout);
    }

    /// <summary>The file with every JSON string value replaced by "…": what is left is the layout.</summary>
    private static string Layout(string json) => JsonStringValue().Replace(json, ": \"…\"");

    [GeneratedRegex(@": ""(?:[^""\\]|\\.)*""")]
    private static partial Regex JsonStringValue();
}
