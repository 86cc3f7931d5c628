using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>The original PGP-only sops files decrypt through gpg with the functional-test keys imported.</summary>
public sealed class CorpusPgpTests(GnuPgHome gnupg) : IClassFixture<GnuPgHome>, IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    public static TheoryData<string, string> Files()
    {
        var data = new TheoryData<string, string>();
        foreach (var way in new[] { "gpg only", "in process only" })
        {
            foreach (var file in new[]
            {
                "example.yaml", "example.json", "examples/all_in_one/config/secret.enc.json", "functional-tests/res/format.enc.yaml",
                "functional-tests/res/format.enc.json", "functional-tests/res/comments.enc.yaml", "functional-tests/res/format.enc.env",
                "functional-tests/res/format.enc.ini", "functional-tests/res/format-2.enc.ini", "example.txt",
            })
            {
                data.Add(file, way);
            }
        }

        return data;
    }

    [ExternalToolTheory(ExternalTool.Gpg)]
    [MemberData(nameof(Files))]
    public async Task Every_pgp_sops_file_decrypts_to_the_expected_tree_through_gpg_alone_and_in_process_alone(string file, string way)
    {
        // "gpg only" switches the in-process path off; "in process only" points at a gpg that does not exist
        // and hands the exported secret keys to BouncyCastle.
        var env = way == "gpg only"
            ? new Dictionary<string, string>(gnupg.Env) { ["SOPSNET_PGP_IN_PROCESS"] = "false" }
            : new Dictionary<string, string> { ["SOPS_GPG_EXEC"] = "/nonexistent/gpg", ["SOPSNET_PGP_SECRET_KEYRING"] = TestPaths.Corpus("keys/sops_functional_tests_key.asc") };
        var run = await CliRun.RunAsync(dir.Path, env, "decrypt", "--output-type", "json", TestPaths.Corpus("sops/" + file));

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonTree.AssertEqual(File.ReadAllText(TestPaths.Corpus($"expected/{file}.json")), run.Stdout);
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public void Every_encrypted_yaml_and_json_file_in_the_sops_corpus_is_covered()
    {
        var covered = new[]
        {
            "example.yaml", "example.json", "examples/all_in_one/config/secret.enc.json", "functional-tests/res/format.enc.yaml",
            "functional-tests/res/format.enc.json", "functional-tests/res/comments.enc.yaml", "functional-tests/res/no_mac.yaml",
        };
        var root = TestPaths.Corpus("sops");
        var present = Directory.GetFiles(root, "*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".json", StringComparison.Ordinal) || f.EndsWith(".yaml", StringComparison.Ordinal)) && File.ReadAllText(f).Contains("ENC[AES256_GCM", StringComparison.Ordinal))
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Order(StringComparer.Ordinal);

        Assert.Equal(covered.Order(StringComparer.Ordinal), present);
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task A_file_without_a_mac_fails_with_exit_51_unless_the_mac_is_ignored()
    {
        var file = TestPaths.Corpus("sops/functional-tests/res/no_mac.yaml");

        var run = await CliRun.RunAsync(dir.Path, gnupg.Env, "decrypt", "--output-type", "json", file);

        CliKit.AssertFailure(run, 51, "no_mac.yaml", "t00m4nys3cr3tzupdated");
        Assert.Contains("mac", run.Stderr);
    }

    [ExternalToolTheory(ExternalTool.Gpg)]
    [InlineData("--ignore-mac", "decrypt")]
    [InlineData("decrypt", "--ignore-mac")]
    public async Task A_file_without_a_mac_decrypts_with_ignore_mac_before_or_after_the_command(string first, string second)
    {
        var file = TestPaths.Corpus("sops/functional-tests/res/no_mac.yaml");

        var run = await CliRun.RunAsync(dir.Path, gnupg.Env, first, second, "--output-type", "json", file);

        Assert.True(run.ExitCode == 0, run.ToString());
        JsonTree.AssertEqual(File.ReadAllText(TestPaths.Corpus("expected/functional-tests/res/no_mac.yaml.json")), run.Stdout);
    }
}
