using System.Text.Json.Nodes;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// Wrong input and wrong usage: sops's exit code, one line naming the file, no stack trace, and files on
/// disk left as they were.
/// </summary>
public sealed class BadInputTests : IDisposable
{
    private const string Plain = "{\n\t\"db\": {\"password\": \"bad-input-secret\"}\n}\n";

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("bad.json", "{\"a\": 1,\n  \"b\": [1,}\n", 2)]
    [InlineData("unterminated-quote.yaml", "ok: 1\nkey: 'unterminated\n", 0)]
    [InlineData("unclosed-flow-sequence.yaml", "ok: 1\nlist: [1, 2\nnext: 3\n", 0)]
    [InlineData("tab-indented.yaml", "\tkey: go-yaml refuses a tab here\n", 1)]
    public async Task Encrypting_a_file_that_is_not_valid_yaml_or_json_fails_with_2_and_file_line_column(string name, string content, int line)
    {
        dir.Write(name, content);

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, name);

        CliKit.AssertFailure(run, 2, name);
        Assert.Matches(line > 0 ? $@"{name.Replace(".", "\\.")}:{line}:\d+: " : $@"{name.Replace(".", "\\.")}:\d+:\d+: ", run.Stderr);
    }

    [Theory]
    [InlineData("plain.json", Plain)]
    [InlineData("plain.yaml", "db:\n    password: bad-input-secret\n")]
    public async Task Decrypting_a_plaintext_file_fails_with_1_and_says_sops_metadata_not_found(string name, string content)
    {
        dir.Write(name, content);

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", name);

        CliKit.AssertFailure(run, 1, name, "bad-input-secret");
        Assert.Contains("sops metadata not found", run.Stderr);
    }

    [Fact]
    public async Task Encrypting_an_already_encrypted_file_fails_with_203()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "twice.json", CliKit.Bytes(Plain));

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, Path.GetFileName(encrypted));

        CliKit.AssertFailure(run, 203, "enc.twice.json", "bad-input-secret");
    }

    [Fact]
    public async Task Decrypting_without_an_identity_that_opens_the_data_key_fails_with_128_listing_the_recipient_tried()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "locked.json", CliKit.Bytes(Plain));

        var run = await CliRun.RunAsync(dir.Path, CliKit.CorpusKeyEnv(), "decrypt", Path.GetFileName(encrypted));

        CliKit.AssertFailure(run, 128, "enc.locked.json", "bad-input-secret");
        Assert.Contains(TestPaths.DemoRecipient, run.Stderr);
    }

    [Fact]
    public async Task Decrypting_a_file_whose_only_key_is_a_type_sopsnet_lacks_fails_with_128()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "kms.json", CliKit.Bytes(Plain));
        var tree = JsonNode.Parse(File.ReadAllText(encrypted))!.AsObject();
        var sops = tree["sops"]!.AsObject();
        sops.Remove("age");
        // HuaweiCloud KMS (sops >= 3.12) has no provider in sopsnet: the file must fail cleanly, naming it.
        sops["hckms"] = new JsonArray(new JsonObject
        {
            ["created_at"] = "2024-01-01T00:00:00Z",
            ["enc"] = "not-a-real-ciphertext",
            ["key_id"] = "cn-north-4:0e5ab2b2-4f0b-4a2e-9d2c-000000000000",
        });
        File.WriteAllText(encrypted, tree.ToJsonString());

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", Path.GetFileName(encrypted));

        CliKit.AssertFailure(run, 128, "enc.kms.json", "bad-input-secret");
        Assert.Contains("hckms", run.Stderr);
    }

    [Fact]
    public async Task Decrypting_several_yaml_documents_to_json_fails_with_4_like_sops()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "docs.yaml", CliKit.Bytes("a: bad-input-secret\n---\nb: 2\n"));

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--output-type", "json", Path.GetFileName(encrypted));

        CliKit.AssertFailure(run, 4, "enc.docs.yaml", "bad-input-secret");
        Assert.DoesNotContain("unexpected", run.Stderr);
    }

    [Theory]
    [InlineData("decrypt")]
    [InlineData("encrypt")]
    public async Task A_missing_file_fails_with_100(string command)
    {
        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), command == "encrypt" ? [command, "--age", TestPaths.DemoRecipient, "missing.json"] : [command, "missing.json"]);

        CliKit.AssertFailure(run, 100, "missing.json");
    }

    [Fact]
    public async Task A_missing_file_is_named_once_in_the_message()
    {
        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "missing.json");

        Assert.Equal(1, CountOf(run.Stderr, "missing.json"));
    }

    [Fact]
    public async Task A_bad_extract_path_fails_with_91()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "extract.json", CliKit.Bytes(Plain));

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--extract", "not a path", Path.GetFileName(encrypted));

        CliKit.AssertFailure(run, 91, "--extract", "bad-input-secret");
    }

    /// <summary>sops's Truncate fails with a plain error for a path the file does not have: exit 1, not 91.</summary>
    [Theory]
    [InlineData("[\"db\"][\"nope\"]")]
    [InlineData("[\"db\"][0]")]
    public async Task An_extract_path_the_file_does_not_have_fails_with_1(string path)
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "extract.json", CliKit.Bytes(Plain));

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--extract", path, Path.GetFileName(encrypted));

        CliKit.AssertFailure(run, 1, "--extract", "bad-input-secret");
    }

    [Theory]
    [InlineData("decrypt")]
    [InlineData("encrypt")]
    public async Task In_place_together_with_output_fails_with_8(string command)
    {
        dir.Write("both.json", Plain);
        string[] args = command == "encrypt"
            ? [command, "--age", TestPaths.DemoRecipient, "-i", "--output", "out.json", "both.json"]
            : [command, "-i", "--output", "out.json", "both.json"];

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), args);

        CliKit.AssertFailure(run, 8, "--output", "bad-input-secret");
        Assert.False(File.Exists(dir.File("out.json")));
        Assert.Equal(Plain, File.ReadAllText(dir.File("both.json")));
    }

    [Fact]
    public async Task A_failed_in_place_decrypt_leaves_the_file_byte_identical()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "inplace.json", CliKit.Bytes(Plain));
        var before = File.ReadAllBytes(encrypted);

        var run = await CliRun.RunAsync(dir.Path, CliKit.CorpusKeyEnv(), "decrypt", "-i", Path.GetFileName(encrypted));

        CliKit.AssertFailure(run, 128, "enc.inplace.json", "bad-input-secret");
        Assert.Equal(before, File.ReadAllBytes(encrypted));
        Assert.Equal(["enc.inplace.json", "inplace.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Output_to_an_existing_directory_fails_with_3_and_leaves_no_temporary_file()
    {
        // Running as root ignores file permissions, so an existing directory is the target that cannot be written.
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "out.json", CliKit.Bytes(Plain));
        Directory.CreateDirectory(dir.File("target.json"));

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--output", "target.json", Path.GetFileName(encrypted));

        CliKit.AssertFailure(run, 3, "target.json", "bad-input-secret");
        Assert.Empty(Directory.GetFileSystemEntries(dir.File("target.json")));
        Assert.Equal(["enc.out.json", "out.json"], Directory.GetFiles(dir.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + part.Length, StringComparison.Ordinal))
        {
            count++;
        }

        return count;
    }
}
