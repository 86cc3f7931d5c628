using SopsNet.Age;
using SopsNet.Files;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// An indent set in .sops.yaml (<c>stores.yaml.indent</c>, <c>stores.json.indent</c>) is an explicit request,
/// as <c>--indent</c> is: every command writing that format lays the whole output out afresh with it, as sops
/// does. Without one, the source's layout stays (SopsNet's documented difference).
/// </summary>
public sealed class ConfigIndentTests : IDisposable
{
    private const string Yaml = "db:\n    user: admin\n    hosts:\n        - a\n";
    private const string Json = "{\n    \"db\": {\n        \"user\": \"admin\"\n    }\n}\n";

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>How the start of the file reads with an indent of 2, encrypted or not.</summary>
    private static string TwoSpaceStart(string format) => format == "yaml" ? "db:\n  user: " : "{\n  \"db\": {\n    \"user\": ";

    private void WriteConfig(string recipients, string stores = "  yaml:\n    indent: 2\n  json:\n    indent: 2\n") =>
        dir.Write(".sops.yaml", $"stores:\n{stores}creation_rules:\n  - age: {recipients}\n");

    /// <summary>A file encrypted before the .sops.yaml existed: laid out with 4 spaces, as its plaintext.</summary>
    private async Task<string> EncryptedWithFourSpacesAsync(string format)
    {
        var file = await CliKit.EncryptForDemoAsync(dir, "f." + format, CliKit.Bytes(format == "yaml" ? Yaml : Json));
        Assert.Contains(format == "yaml" ? "db:\n    user: ENC[" : "{\n    \"db\": {\n        \"user\": \"ENC[", File.ReadAllText(file));
        return file;
    }

    [Theory]
    [InlineData("yaml", "decrypt")]
    [InlineData("yaml", "encrypt")]
    [InlineData("yaml", "set")]
    [InlineData("yaml", "rotate")]
    [InlineData("yaml", "updatekeys")]
    [InlineData("yaml", "edit")]
    [InlineData("json", "decrypt")]
    [InlineData("json", "encrypt")]
    [InlineData("json", "set")]
    [InlineData("json", "rotate")]
    [InlineData("json", "updatekeys")]
    [InlineData("json", "edit")]
    public async Task A_stores_indent_in_sops_yaml_lays_the_whole_output_out_afresh_like_the_indent_flag(string format, string command)
    {
        var encrypted = await EncryptedWithFourSpacesAsync(format);
        var second = X25519Identity.Generate().Recipient.ToString()!;

        // updatekeys needs a change of recipients to write anything.
        WriteConfig(command == "updatekeys" ? $"{TestPaths.DemoRecipient},{second}" : TestPaths.DemoRecipient);
        var env = CliKit.DemoKeyEnv();
        env["SOPS_EDITOR"] = "sed -i s/admin/root/";
        string[] args = command switch
        {
            "decrypt" => ["decrypt", encrypted],
            "encrypt" => ["encrypt", dir.File("f." + format)],
            "set" => ["set", encrypted, "[\"db\"][\"user\"]", "\"root\""],
            "rotate" => ["rotate", "-i", encrypted],
            "updatekeys" => ["updatekeys", "-y", encrypted],
            _ => ["edit", encrypted],
        };

        var run = await CliRun.RunAsync(dir.Path, env, args);

        Assert.True(run.ExitCode == 0, run.ToString());
        var written = command is "decrypt" or "encrypt" ? run.Stdout : File.ReadAllText(encrypted);
        Assert.StartsWith(TwoSpaceStart(format), written);
        if (format == "yaml")
        {
            Assert.Contains("\n  hosts:\n    - ", written);
        }
    }

    [Theory]
    [InlineData("yaml", "  json:\n    indent: 2\n")]
    [InlineData("json", "  yaml:\n    indent: 2\n")]
    [InlineData("yaml", "  toml:\n    binary: false\n")]
    public async Task Without_an_indent_for_the_output_format_the_source_layout_stays(string format, string stores)
    {
        var encrypted = await EncryptedWithFourSpacesAsync(format);
        WriteConfig(TestPaths.DemoRecipient, stores);

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", encrypted);

        Assert.Equal(format == "yaml" ? Yaml : Json, run.Stdout);
    }

    [Fact]
    public async Task The_library_encrypts_with_the_stores_indent_of_sops_yaml_too()
    {
        var plain = dir.Write("app.yaml", Yaml);
        WriteConfig(TestPaths.DemoRecipient);

        var encrypted = await SopsFile.EncryptAsync(plain, new SopsFileOptions { ConfigPath = dir.File(".sops.yaml") });

        Assert.StartsWith("db:\n  user: ENC[", encrypted);
    }
}
