using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// Decrypting a file sops wrote prints the bytes sops 3.13 prints; a file SopsNet wrote gives back its
/// plaintext's own layout. The encrypted file tells which is which (its layout and its <c>version</c>).
/// </summary>
public sealed class SopsWrittenOutputTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task A_json_file_of_sops_before_3_10_decrypts_with_the_final_newline_sops_3_13_prints()
    {
        var file = TestPaths.Corpus("age-added/example.age-added.json");
        Assert.EndsWith("}", File.ReadAllText(file), StringComparison.Ordinal);

        var run = await CliRun.RunAsync(dir.Path, CliKit.CorpusKeyEnv(), "decrypt", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.EndsWith("\n}\n", run.Stdout, StringComparison.Ordinal);
    }

    /// <summary>
    /// The bytes sops's own functional tests expect from decrypting these files (functional-tests/src/lib.rs
    /// decrypt_format): the JSON's final newline, the INI without a blank line after its last section, in
    /// either metadata form. The PGP key is opened in process, so gpg is not needed.
    /// </summary>
    [Theory]
    [InlineData("format.enc.yaml", "foo: bar\n")]
    [InlineData("format.enc.json", "{\n\t\"foo\": \"bar\"\n}\n")]
    [InlineData("format.enc.env", "foo = bar\n")]
    [InlineData("format.enc.ini", "[foo]\nbar = baz\n")]
    [InlineData("format-2.enc.ini", "[foo]\nbar = baz\n")]
    public async Task A_file_sops_wrote_decrypts_to_the_bytes_sops_3_13_prints(string name, string expected)
    {
        var env = new Dictionary<string, string>
        {
            ["SOPS_GPG_EXEC"] = "/nonexistent/gpg",
            ["SOPSNET_PGP_SECRET_KEYRING"] = TestPaths.Corpus("keys/sops_functional_tests_key.asc"),
        };

        var run = await CliRun.RunAsync(dir.Path, env, "decrypt", TestPaths.Corpus("sops/functional-tests/res/" + name));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(expected, run.Stdout);
    }

    [Fact]
    public async Task A_json_file_sopsnet_encrypted_from_a_plaintext_without_a_final_newline_gives_it_back_without()
    {
        const string plaintext = "{\n  \"a\": \"kept-secret\"\n}";
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "nonl.json", CliKit.Bytes(plaintext));

        Assert.Equal(plaintext, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, encrypted)));
    }

    /// <summary>
    /// A checkout with <c>core.autocrlf</c> turns every line break of the encrypted file into CRLF; its
    /// plaintext keeps CRLF throughout (sops prints LF), so <c>decrypt -i</c> does not change every line
    /// of the checkout. docs/compatibility.md says why.
    /// </summary>
    [Theory]
    [InlineData("crlf.yaml", "a: crlf-secret\nlist:\n    - x\nblock: |\n    one\n    two\n")]
    [InlineData("crlf.json", "{\n\t\"a\": \"crlf-secret\",\n\t\"n\": [1, 2]\n}\n")]
    public async Task A_file_checked_out_with_crlf_line_breaks_decrypts_with_crlf_throughout(string name, string plaintext)
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, name, CliKit.Bytes(plaintext));
        await File.WriteAllTextAsync(encrypted, (await File.ReadAllTextAsync(encrypted)).Replace("\n", "\r\n", StringComparison.Ordinal));

        var decrypted = CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, encrypted));

        Assert.Equal(plaintext.Replace("\n", "\r\n", StringComparison.Ordinal), decrypted);
    }
}
