using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Git;

/// <summary>
/// <c>sopsnet git setup</c> and the textconv driver, with the real git calling the real sopsnet: diffs
/// and logs of encrypted files show the plaintext lines that changed, and nothing else.
/// </summary>
public sealed class GitDiffTests
{
    private const string Plain = "db:\n    user: app\n    password: pw-one-1f3a\napi_key: key-one-77c2\nport: 5432\n";

    [ExternalToolFact(ExternalTool.Git)]
    public async Task SetupWritesPatternsAndDriversAndASecondRunChangesNothing()
    {
        using var repo = new ScratchRepo();
        repo.Config(@"\.enc\.yaml$", @"^secrets/.*\.ya?ml$", @"(foo|bar)\d+");

        var first = await repo.Sopsnet("git", "setup");
        Assert.True(first.ExitCode == 0, first.ToString());
        var attributes = repo.Read(".gitattributes");
        Assert.Contains("\n*.enc.yaml diff=sopsnet merge=sopsnet\n", attributes);
        Assert.Contains("\n/secrets/**/*.yaml diff=sopsnet merge=sopsnet\n", attributes);
        Assert.Contains("\n/secrets/**/*.yml diff=sopsnet merge=sopsnet\n", attributes);
        Assert.Contains(@"creation_rules[2]: path_regex '(foo|bar)\d+'", first.Stderr);
        Assert.Equal("sopsnet decrypt --textconv\n", repo.Git("config", "--local", "--get", "diff.sopsnet.textconv").StdoutText);
        Assert.Equal("sopsnet merge %O %A %B %P\n", repo.Git("config", "--local", "--get", "merge.sopsnet.driver").StdoutText);
        Assert.Equal("", repo.Git(["config", "--get", "diff.sopsnet.cachetextconv"], allowFailure: true).StdoutText);

        // git applies the patterns as intended.
        var check = repo.Git("check-attr", "diff", "--", "a/b/app.enc.yaml", "secrets/x/db.yml", "secrets.yaml", "other/secrets/db.yaml").StdoutText;
        Assert.Equal("a/b/app.enc.yaml: diff: sopsnet\nsecrets/x/db.yml: diff: sopsnet\nsecrets.yaml: diff: unspecified\nother/secrets/db.yaml: diff: unspecified\n", check);

        var config = await File.ReadAllBytesAsync(repo.File(".git/config"));
        var second = await repo.Sopsnet("git", "setup");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(attributes, repo.Read(".gitattributes"));
        Assert.Equal(config, await File.ReadAllBytesAsync(repo.File(".git/config")));
        Assert.Contains("up to date", second.Stdout);
        Assert.DoesNotContain("git config", second.Stdout);
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task GlobalSetupWritesTheUsersGitConfigAndNotTheRepository()
    {
        using var repo = new ScratchRepo();
        repo.Config(@"\.enc\.yaml$");
        var run = await repo.Sopsnet("git", "setup", "--global");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("textconv = sopsnet decrypt --textconv", File.ReadAllText(repo.Env["GIT_CONFIG_GLOBAL"]));
        Assert.Equal("", repo.Git(["config", "--local", "--get", "diff.sopsnet.textconv"], allowFailure: true).StdoutText);
        Assert.Contains("*.enc.yaml diff=sopsnet merge=sopsnet", repo.Read(".gitattributes"));
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task DiffAndLogShowOnlyTheValuesThatChanged()
    {
        using var repo = new ScratchRepo();
        repo.Config(@"\.enc\.yaml$");
        Assert.Equal(0, (await repo.Sopsnet("git", "setup")).ExitCode);
        repo.Write("app.enc.yaml", Plain);
        repo.Write("notes.enc.yaml", "not: encrypted\n");
        Assert.Equal(0, (await repo.Sopsnet("encrypt", "-i", "app.enc.yaml")).ExitCode);
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "one");

        Assert.Equal(0, (await repo.Sopsnet("set", "app.enc.yaml", "[\"api_key\"]", "\"key-two-9e01\"")).ExitCode);
        repo.Write("notes.enc.yaml", "not: changed\n");
        var diff = repo.Git("diff").StdoutText;
        Assert.Equal(
            ["-api_key: key-one-77c2", "+api_key: key-two-9e01", "-not: encrypted", "+not: changed"],
            ChangedLines(diff));
        Assert.DoesNotContain("ENC[", diff);

        repo.Git("commit", "-q", "-a", "-m", "two");
        var log = repo.Git("log", "-p", "--format=commit %s", "--", "app.enc.yaml").StdoutText;
        Assert.Equal(
            ["-api_key: key-one-77c2", "+api_key: key-two-9e01", "+db:", "+    user: app", "+    password: pw-one-1f3a", "+api_key: key-one-77c2", "+port: 5432"],
            ChangedLines(log));
        Assert.DoesNotContain("ENC[", log);
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task WithoutTheKeyTheLogShowsAMarkerInsteadOfFailing()
    {
        using var repo = new ScratchRepo();
        repo.Config(@"\.enc\.yaml$");
        Assert.Equal(0, (await repo.Sopsnet("git", "setup")).ExitCode);
        repo.Write("app.enc.yaml", Plain);
        Assert.Equal(0, (await repo.Sopsnet("encrypt", "-i", "app.enc.yaml")).ExitCode);
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "one");

        var noKey = new Dictionary<string, string>(repo.Env) { ["SOPS_AGE_KEY_FILE"] = TestPaths.CorpusIdentity };
        var log = repo.Git(["log", "-p", "--format=commit %s", "--", "app.enc.yaml"], env: noKey);
        var line = Assert.Single(ChangedLines(log.StdoutText));
        Assert.StartsWith("+# sopsnet: cannot decrypt: no master key could decrypt the data key", line);
        Assert.DoesNotContain("pw-one", log.StdoutText + log.Stderr);
    }

    [Fact]
    public async Task TextconvPassesPlainFilesThroughWhilePlainDecryptStillFails()
    {
        using var dir = new TempDir();
        var bytes = "plain: text\r\nmore: caf\u00e9\n"u8.ToArray();
        await File.WriteAllBytesAsync(dir.File("x.yaml"), bytes);
        await File.WriteAllBytesAsync(dir.File("x.bin"), [0, 1, 2, 255]);
        await File.WriteAllTextAsync(dir.File("broken.yaml"), "a: [unclosed\n");

        var conv = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--textconv", "x.yaml");
        Assert.Equal(0, conv.ExitCode);
        Assert.Equal(bytes, conv.StdoutBytes);
        var binary = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--textconv", "x.bin");
        Assert.Equal(0, binary.ExitCode);
        Assert.Equal([0, 1, 2, 255], binary.StdoutBytes);
        var broken = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--textconv", "broken.yaml");
        Assert.Equal(0, broken.ExitCode);
        Assert.Equal("a: [unclosed\n", broken.Stdout);

        // sops's contract for plain decrypt: exit 1 ("metadata not found"), which scripts test for.
        var plain = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "x.yaml");
        Assert.Equal(1, plain.ExitCode);
        Assert.Contains("metadata not found", plain.Stderr);
    }

    [Fact]
    public async Task TextconvOfATamperedFilePrintsAMarkerWithoutAnyValue()
    {
        using var dir = new TempDir();
        var enc = await CliKit.EncryptForDemoAsync(dir, "s.yaml", CliKit.Bytes("a: secret-aaa\nb: secret-bbb\n"));
        var lines = (await File.ReadAllLinesAsync(enc)).ToList();
        (lines[0], lines[1]) = (lines[1].Replace("b:", "a:", StringComparison.Ordinal), lines[0].Replace("a:", "b:", StringComparison.Ordinal));
        await File.WriteAllLinesAsync(enc, lines);

        var conv = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--textconv", enc);
        Assert.Equal(0, conv.ExitCode);
        Assert.StartsWith("# sopsnet: cannot decrypt: ", conv.Stdout);
        Assert.Single(conv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        CliKit.AssertNoSecret(conv, "secret-aaa", "secret-bbb");
    }

    /// <summary>The +/- lines of a diff, without the file headers.</summary>
    internal static string[] ChangedLines(string diff) =>
        diff.Split('\n').Where(l => (l.StartsWith('+') || l.StartsWith('-')) && !l.StartsWith("+++", StringComparison.Ordinal) && !l.StartsWith("---", StringComparison.Ordinal)).ToArray();
}
