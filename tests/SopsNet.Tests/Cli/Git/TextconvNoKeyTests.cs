using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Git;

/// <summary>
/// Without the key, <c>git log -p</c> still shows that a secret changed: the marker line textconv prints in
/// place of the plaintext carries the file's lastmodified and a short hash of its mac, so two versions never
/// give the same line (and so no empty diff).
/// </summary>
public sealed class TextconvNoKeyTests
{
    [ExternalToolFact(ExternalTool.Git)]
    public async Task ACommitThatChangedASecretShowsAChangedMarkerWithoutTheKey()
    {
        using var repo = new ScratchRepo();
        repo.Config(@"\.enc\.yaml$");
        Assert.Equal(0, (await repo.Sopsnet("git", "setup")).ExitCode);
        repo.Write("app.enc.yaml", "api_key: key-one-77c2\n");
        Assert.Equal(0, (await repo.Sopsnet("encrypt", "-i", "app.enc.yaml")).ExitCode);
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "one");
        Assert.Equal(0, (await repo.Sopsnet("set", "app.enc.yaml", "[\"api_key\"]", "\"key-two-9e01\"")).ExitCode);
        repo.Git("commit", "-q", "-a", "-m", "two");

        var noKey = new Dictionary<string, string>(repo.Env) { ["SOPS_AGE_KEY_FILE"] = TestPaths.CorpusIdentity };
        var log = repo.Git(["log", "-p", "-1", "--format=commit %s", "--", "app.enc.yaml"], env: noKey);

        var changed = GitDiffTests.ChangedLines(log.StdoutText);
        Assert.Equal(2, changed.Length);
        Assert.StartsWith("-# sopsnet: cannot decrypt: ", changed[0]);
        Assert.StartsWith("+# sopsnet: cannot decrypt: ", changed[1]);
        Assert.Matches(@" \[lastmodified \d{4}-\d\d-\d\dT[^,]+, mac [0-9a-f]{12}\]$", changed[1]);
        Assert.NotEqual(changed[0][1..], changed[1][1..]);
        Assert.DoesNotContain("key-one", log.StdoutText + log.Stderr);
        Assert.DoesNotContain("key-two", log.StdoutText + log.Stderr);
    }

    [Fact]
    public async Task TheMarkerNamesTheVersionFromTheFilesMetadata()
    {
        using var dir = new TempDir();
        var enc = await CliKit.EncryptForDemoAsync(dir, "s.yaml", CliKit.Bytes("a: secret-aaa\n"));
        var lastModified = File.ReadAllLines(enc).Single(l => l.TrimStart().StartsWith("lastmodified:", StringComparison.Ordinal)).Split(": ", 2)[1].Trim('"');

        var conv = await CliRun.RunAsync(dir.Path, new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = TestPaths.CorpusIdentity }, "decrypt", "--textconv", enc);

        Assert.Equal(0, conv.ExitCode);
        Assert.Contains($" [lastmodified {lastModified}, mac ", conv.Stdout);
        Assert.Single(conv.Stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        CliKit.AssertNoSecret(conv, "secret-aaa");
    }
}
