using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Git;

/// <summary>
/// The merge driver through the real <c>git merge</c>: branches changing different values merge cleanly
/// into a file with both changes and a valid mac; a real conflict names that value only, and the file in
/// the work tree stays encrypted and valid, with no plaintext and no markers.
/// </summary>
public sealed class GitMergeTests
{
    private const string Plain = "db:\n    user: app\n    password: pw-base-51d0\napi_key: key-base-0c3e\nport: 5432\n";

    private static async Task<ScratchRepo> RepoWithSecretAsync()
    {
        var repo = new ScratchRepo();
        repo.Config(@"\.enc\.yaml$");
        Assert.Equal(0, (await repo.Sopsnet("git", "setup")).ExitCode);
        repo.Write("app.enc.yaml", Plain);
        Assert.Equal(0, (await repo.Sopsnet("encrypt", "-i", "app.enc.yaml")).ExitCode);
        repo.Git("add", "-A");
        repo.Git("commit", "-q", "-m", "base");
        return repo;
    }

    private static async Task SetAsync(ScratchRepo repo, string path, string json, string message)
    {
        var run = await repo.Sopsnet("set", "app.enc.yaml", path, json);
        Assert.True(run.ExitCode == 0, run.ToString());
        repo.Git("commit", "-q", "-a", "-m", message);
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task ChangesToDifferentValuesMergeCleanlyKeepingUnchangedCiphertext()
    {
        using var repo = await RepoWithSecretAsync();
        repo.Git("checkout", "-q", "-b", "feature");
        await SetAsync(repo, "[\"db\"][\"password\"]", "\"pw-feature-a2b4\"", "feature");
        repo.Git("checkout", "-q", "main");
        await SetAsync(repo, "[\"api_key\"]", "\"key-main-3f9d\"", "main");
        var oursBefore = repo.Read("app.enc.yaml");

        var merge = repo.Git("merge", "--no-edit", "feature");
        Assert.Contains("Merge made", merge.StdoutText);

        var decrypted = await repo.Sopsnet("decrypt", "app.enc.yaml");
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        Assert.Equal("db:\n    user: app\n    password: pw-feature-a2b4\napi_key: key-main-3f9d\nport: 5432\n", decrypted.Stdout);

        // Only the merged-in value and the sops block's mac (and lastmodified, unless the merge ran in the
        // same second as the last commit) differ from ours.
        var changed = oursBefore.Split('\n').Zip(repo.Read("app.enc.yaml").Split('\n')).Where(x => x.First != x.Second).Select(x => x.Second.Split(':')[0].Trim());
        Assert.Equal(["password", "mac"], changed.Where(k => k != "lastmodified"));
        Assert.Empty(repo.Git("status", "--porcelain").StdoutText);
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task AConflictNamesThatValueOnlyAndLeavesAValidEncryptedFile()
    {
        using var repo = await RepoWithSecretAsync();
        repo.Git("checkout", "-q", "-b", "feature");
        await SetAsync(repo, "[\"api_key\"]", "\"key-feature-e71a\"", "feature");
        await SetAsync(repo, "[\"port\"]", "6543", "feature port");
        repo.Git("checkout", "-q", "main");
        await SetAsync(repo, "[\"api_key\"]", "\"key-main-88b2\"", "main");

        var merge = repo.Git(["merge", "--no-edit", "feature"], allowFailure: true);
        Assert.NotEqual(0, merge.ExitCode);
        var errors = merge.Stderr.Split('\n').Where(l => l.StartsWith("sopsnet:", StringComparison.Ordinal)).ToArray();
        var error = Assert.Single(errors);
        Assert.Contains("app.enc.yaml: merge conflict at [\"api_key\"]: changed differently on both sides", error);
        Assert.DoesNotContain("key-", merge.Stderr + merge.StdoutText);
        Assert.Equal("UU app.enc.yaml\n", repo.Git("status", "--porcelain").StdoutText);

        var file = repo.Read("app.enc.yaml");
        Assert.DoesNotContain("key-feature", file);
        Assert.DoesNotContain("key-main", file);
        Assert.DoesNotContain("<<<<<<<", file);
        var decrypted = await repo.Sopsnet("decrypt", "app.enc.yaml");
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        Assert.Equal("db:\n    user: app\n    password: pw-base-51d0\napi_key: key-main-88b2\nport: 6543\n", decrypted.Stdout);
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task ARecipientAddedOnTheirSideCanOpenTheMergedFile()
    {
        using var repo = await RepoWithSecretAsync();
        repo.Git("checkout", "-q", "-b", "feature");
        repo.Write(".sops.yaml", $"creation_rules:\n  - path_regex: '\\.enc\\.yaml$'\n    age: {TestPaths.DemoRecipient},{TestPaths.CorpusRecipient}\n");
        var add = await repo.Sopsnet("updatekeys", "-y", "app.enc.yaml");
        Assert.True(add.ExitCode == 0, add.ToString());
        repo.Git("commit", "-q", "-a", "-m", "add a recipient");
        repo.Git("checkout", "-q", "main");
        await SetAsync(repo, "[\"port\"]", "1", "main");

        repo.Git("merge", "--no-edit", "feature");

        var asCorpusKey = new Dictionary<string, string>(repo.Env) { ["SOPS_AGE_KEY_FILE"] = TestPaths.CorpusIdentity };
        var decrypted = await repo.Sopsnet(asCorpusKey, "decrypt", "app.enc.yaml");
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        Assert.Contains("port: 1\n", decrypted.Stdout);
    }
}
