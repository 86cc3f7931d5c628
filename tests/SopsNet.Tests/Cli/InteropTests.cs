using System.Text.Json;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// What SopsNet writes is sops: an independent reader (tests/interop, written from the spec) decrypts it
/// and verifies its MAC under every selection rule, the `age` CLI opens every data-key stanza, and files
/// another writer made (age stanza from the `age` CLI) decrypt with SopsNet.
/// </summary>
public sealed class InteropTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>A rule's flags, a value the rule must leave readable and one it must hide.</summary>
    public static TheoryData<string, string[], string, string> Rules()
    {
        var data = new TheoryData<string, string[], string, string>();
        foreach (var format in new[] { "json", "yaml" })
        {
            data.Add(format, [], "kept", "interop-password-value");
            data.Add(format, ["--encrypted-regex", "^(password|api_token)$"], "example.org", "interop-token-value");
            data.Add(format, ["--unencrypted-regex", "^public"], "example.org", "interop-password-value");
            data.Add(format, ["--encrypted-suffix", "_enc"], "interop-password-value", "interop-suffix-secret");
            data.Add(format, ["--unencrypted-suffix", "_clear"], "visible-name", "interop-password-value");
            data.Add(format, ["--mac-only-encrypted"], "kept", "nested-password-value");
        }

        return data;
    }

    [ExternalToolTheory(ExternalTool.Python3, ExternalTool.Age)]
    [MemberData(nameof(Rules))]
    public async Task The_independent_reader_verifies_the_mac_and_reads_the_same_tree_sopsnet_decrypts(string format, string[] ruleArgs, string clear, string hidden)
    {
        var name = "interop." + format;
        var encrypted = await CliKit.EncryptForDemoAsync(dir, name, await File.ReadAllBytesAsync(CliKit.Fixture(name)), ruleArgs);
        var encryptedText = await File.ReadAllTextAsync(encrypted);
        Assert.Contains(clear, encryptedText);
        Assert.DoesNotContain(hidden, encryptedText);

        var reader = External.Run("python3", ["tests/interop/sops_reader.py", encrypted, "--identity", TestPaths.DemoKey]);
        var sopsnet = await CliKit.DecryptWithDemoKeyAsync(dir.Path, "--output-type", "json", encrypted);

        Assert.True(reader.ExitCode == 0, $"reader exit {reader.ExitCode}: {reader.Stderr}");
        var readerTree = format == "yaml" ? SingleDocument(reader.StdoutText) : reader.StdoutText;
        JsonTree.AssertEqual(readerTree, CliKit.Text(sopsnet));
        JsonTree.AssertEqual(await File.ReadAllTextAsync(CliKit.Fixture("interop.json")), CliKit.Text(sopsnet));
    }

    [ExternalToolFact(ExternalTool.Python3, ExternalTool.Age)]
    public async Task Every_comment_sopsnet_encrypts_authenticates_in_the_independent_reader()
    {
        var plaintext = await File.ReadAllTextAsync(CliKit.Fixture("comments.yaml"));
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "comments.yaml", CliKit.Bytes(plaintext));
        Assert.DoesNotContain("head comment of host", await File.ReadAllTextAsync(encrypted));
        var commentsJson = dir.File("comments.json");

        var reader = External.Run("python3", ["tests/interop/sops_reader.py", encrypted, "--identity", TestPaths.DemoKey, "--comments-json", commentsJson]);

        Assert.True(reader.ExitCode == 0, $"reader exit {reader.ExitCode}: {reader.Stderr}");
        using var comments = JsonDocument.Parse(await File.ReadAllTextAsync(commentsJson));
        var expected = plaintext.Split('\n').Where(l => l.Contains('#')).Select(l => l[(l.IndexOf('#') + 1)..]);
        Assert.Equal(expected, comments.RootElement.EnumerateArray().Select(c => c.GetProperty("text").GetString()));
    }

    [ExternalToolFact(ExternalTool.Python3, ExternalTool.Age)]
    public async Task A_multi_document_yaml_file_reads_the_same_in_the_independent_reader()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "multi-doc.yaml", await File.ReadAllBytesAsync(CliKit.Fixture("multi-doc.yaml")));

        var reader = External.Run("python3", ["tests/interop/sops_reader.py", encrypted, "--identity", TestPaths.DemoKey, "--check-comments"]);
        var decrypted = dir.Write("multi-doc.decrypted.yaml", CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, encrypted)));
        var sopsnet = External.Run("python3", [CliKit.Fixture("yaml_to_json.py"), decrypted]);

        Assert.True(reader.ExitCode == 0, $"reader exit {reader.ExitCode}: {reader.Stderr}");
        Assert.True(sopsnet.ExitCode == 0, sopsnet.Stderr);
        JsonTree.AssertEqual(reader.StdoutText, sopsnet.StdoutText);
        Assert.Equal(3, JsonDocument.Parse(reader.StdoutText).RootElement.GetArrayLength());
    }

    [ExternalToolTheory(ExternalTool.Python3, ExternalTool.Age)]
    [InlineData("json")]
    [InlineData("yaml")]
    public async Task The_age_cli_opens_every_data_key_stanza_sopsnet_writes(string format)
    {
        var name = "interop." + format;
        var plain = dir.File(name);
        File.Copy(CliKit.Fixture(name), plain);
        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient + "," + TestPaths.CorpusRecipient, name);
        Assert.True(run.ExitCode == 0, run.ToString());
        var encrypted = dir.Write("enc." + name, run.Stdout);

        var stanzas = AgeStanzas(encrypted, format);

        Assert.Equal([TestPaths.DemoRecipient, TestPaths.CorpusRecipient], stanzas.Select(s => s.Recipient));
        foreach (var (recipient, enc) in stanzas)
        {
            var identity = recipient == TestPaths.DemoRecipient ? TestPaths.DemoKey : TestPaths.CorpusIdentity;
            var age = External.Run("age", ["-d", "-i", identity], CliKit.Bytes(enc));
            Assert.True(age.ExitCode == 0, $"age -d for {recipient}: {age.Stderr}");
            Assert.Equal(32, age.Stdout.Length);
        }
    }

    [ExternalToolTheory(ExternalTool.Python3, ExternalTool.Age)]
    [InlineData("plain-sample.json", "json")]
    [InlineData("plain-kitchen-sink.yaml", "yaml")]
    public async Task A_file_another_sops_writer_made_with_the_age_cli_decrypts_to_the_fixture_tree(string fixture, string format)
    {
        var encrypted = dir.File("made." + format);
        var make = External.Run("python3", ["tests/interop/make_file.py", $"tests/interop/fixtures/{fixture}", "--recipient", TestPaths.DemoRecipient, "-o", encrypted]);
        Assert.True(make.ExitCode == 0, make.Stderr);
        var expected = File.ReadAllText(TestPaths.Repo($"tests/interop/fixtures/{Path.GetFileNameWithoutExtension(fixture)}.expected.json"));

        var decrypted = await CliKit.DecryptWithDemoKeyAsync(dir.Path, encrypted);

        if (format == "json")
        {
            JsonTree.AssertEqual(expected, CliKit.Text(decrypted));
        }
        else
        {
            // Several YAML documents cannot be one JSON tree, so SopsNet's YAML output is read back independently.
            var output = dir.Write("made.decrypted.yaml", CliKit.Text(decrypted));
            var asJson = External.Run("python3", [CliKit.Fixture("yaml_to_json.py"), output]);
            Assert.True(asJson.ExitCode == 0, asJson.Stderr);
            JsonTree.AssertEqual(expected, asJson.StdoutText);
        }
    }

    private static string SingleDocument(string readerOutput)
    {
        using var documents = JsonDocument.Parse(readerOutput);
        Assert.Equal(1, documents.RootElement.GetArrayLength());
        return documents.RootElement[0].GetRawText();
    }

    private static List<(string Recipient, string Enc)> AgeStanzas(string encryptedFile, string format)
    {
        var json = format == "json"
            ? File.ReadAllText(encryptedFile)
            : External.Run("python3", ["-c", "import json,sys,yaml; print(json.dumps(next(yaml.safe_load_all(open(sys.argv[1])))))", encryptedFile]).StdoutText;
        using var doc = JsonDocument.Parse(json);
        return doc.RootElement.GetProperty("sops").GetProperty("age").EnumerateArray()
            .Select(e => (e.GetProperty("recipient").GetString()!, e.GetProperty("enc").GetString()!))
            .ToList();
    }
}
