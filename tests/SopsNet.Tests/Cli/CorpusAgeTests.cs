using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// Files real sops wrote (with the data key re-wrapped for the corpus age recipient) decrypt with nothing
/// but SOPS_AGE_KEY_FILE to the trees an independent decryptor produced.
/// </summary>
public sealed class CorpusAgeTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("ex-secret.age-added.json", "examples/all_in_one/config/secret.enc.json")]
    [InlineData("example.age-added.json", "example.json")]
    [InlineData("example.age-added.yaml", "example.yaml")]
    [InlineData("ft-comments.age-added.yaml", "functional-tests/res/comments.enc.yaml")]
    [InlineData("ft-format.age-added.json", "functional-tests/res/format.enc.json")]
    [InlineData("ft-format.age-added.yaml", "functional-tests/res/format.enc.yaml")]
    public async Task Every_age_added_sops_file_decrypts_with_only_the_age_identity_to_the_expected_tree(string file, string original)
    {
        var run = await CliRun.RunAsync(dir.Path, CliKit.CorpusKeyEnv(), "decrypt", "--output-type", "json", TestPaths.Corpus("age-added/" + file));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        JsonTree.AssertEqual(File.ReadAllText(TestPaths.Corpus($"expected/{original}.json")), run.Stdout);
    }

    [Fact]
    public void Every_yaml_and_json_file_in_age_added_is_covered_by_the_corpus_theory()
    {
        var covered = new[]
        {
            "ex-secret.age-added.json", "example.age-added.json", "example.age-added.yaml", "ft-comments.age-added.yaml",
            "ft-format.age-added.json", "ft-format.age-added.yaml",
        };
        var present = Directory.GetFiles(TestPaths.Corpus("age-added"))
            .Select(Path.GetFileName)
            .Where(f => f!.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        Assert.Equal(covered.Order(StringComparer.Ordinal), present);
    }

    [Theory]
    [InlineData("ft-format.age-added.yaml", "foo: bar\n")]
    [InlineData("ft-format.age-added.json", "{\n\t\"foo\": \"bar\"\n}\n")]
    public async Task The_sops_format_test_files_decrypt_to_exactly_the_text_sops_prints(string file, string expected)
    {
        var run = await CliRun.RunAsync(dir.Path, CliKit.CorpusKeyEnv(), "decrypt", TestPaths.Corpus("age-added/" + file));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(expected, run.Stdout);
    }
}
