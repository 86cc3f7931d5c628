using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Git;

/// <summary>
/// <c>sopsnet check --staged</c>, for pre-commit: what is judged is the content git would commit (the
/// index), never the work tree, which may differ either way.
/// </summary>
public sealed class CheckStagedTests
{
    [ExternalToolFact(ExternalTool.Git)]
    public async Task APlaintextSecretStagedThenEncryptedInTheWorkTreeStillFails()
    {
        using var repo = new ScratchRepo();
        repo.Config(@"^secrets/.*\.yaml$");
        repo.Write("secrets/db.yaml", "password: staged-plain\n");
        repo.Git("add", "-A");
        Assert.Equal(0, (await repo.Sopsnet("encrypt", "-i", "secrets/db.yaml")).ExitCode);

        Assert.Equal(0, (await repo.Sopsnet("check")).ExitCode);
        var staged = await repo.Sopsnet("check", "--staged");
        Assert.Equal(1, staged.ExitCode);
        Assert.Contains("sopsnet: error: secrets/db.yaml: not encrypted: no sops metadata\n", staged.Stderr);
        CliKit.AssertNoSecret(staged, "staged-plain");

        repo.Git("add", "secrets/db.yaml");
        var fixedRun = await repo.Sopsnet("check", "--staged", "secrets/db.yaml");
        Assert.True(fixedRun.ExitCode == 0, fixedRun.ToString());
        Assert.Equal("secrets/db.yaml: ok\n", fixedRun.Stdout);
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task AnEncryptedFileStagedThenDecryptedInTheWorkTreePassesAndUnstagedFilesAreNotRead()
    {
        using var repo = new ScratchRepo();
        repo.Config(@"^secrets/.*\.yaml$");
        repo.Write("secrets/db.yaml", "password: was-secret\n");
        Assert.Equal(0, (await repo.Sopsnet("encrypt", "-i", "secrets/db.yaml")).ExitCode);
        repo.Git("add", "-A");
        Assert.Equal(0, (await repo.Sopsnet("decrypt", "-i", "secrets/db.yaml")).ExitCode);
        repo.Write("secrets/new.yaml", "token: untracked-plain\n");

        Assert.Equal(1, (await repo.Sopsnet("check")).ExitCode);
        var staged = await repo.Sopsnet("check", "--staged");
        Assert.True(staged.ExitCode == 0, staged.ToString());
        Assert.Equal("secrets/db.yaml: ok\n", staged.Stdout);
        Assert.DoesNotContain("new.yaml", staged.Stdout + staged.Stderr);
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task AFileNamedButNotStagedIsAnError()
    {
        using var repo = new ScratchRepo();
        repo.Config(@"^secrets/.*\.yaml$");
        repo.Write("secrets/new.yaml", "token: untracked-plain\n");

        var run = await repo.Sopsnet("check", "--staged", "secrets/new.yaml");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("sopsnet: error: secrets/new.yaml: check --staged: not staged in git\n", run.Stderr);
    }
}
