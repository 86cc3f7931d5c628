using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Git;

/// <summary><c>sopsnet check</c>: the guard that a file .sops.yaml calls secret is really encrypted.</summary>
public sealed class CheckTests
{
    [ExternalToolFact(ExternalTool.Git)]
    public async Task APlaintextFileUnderARuleFailsUntilItIsEncrypted()
    {
        using var repo = new ScratchRepo();
        repo.Config(@"^secrets/.*\.yaml$");
        repo.Write("secrets/db.yaml", "password: hunter2-plain\n");
        repo.Write("public/config.yaml", "name: not a secret\n");
        repo.Git("add", "-A");

        var failing = await repo.Sopsnet("check");
        Assert.Equal(1, failing.ExitCode);
        Assert.Contains("sopsnet: error: secrets/db.yaml: not encrypted: no sops metadata\n", failing.Stderr);
        Assert.DoesNotContain("public/config.yaml", failing.Stderr + failing.Stdout);
        CliKit.AssertNoSecret(failing, "hunter2-plain");

        Assert.Equal(0, (await repo.Sopsnet("encrypt", "-i", "secrets/db.yaml")).ExitCode);
        var passing = await repo.Sopsnet("check");
        Assert.True(passing.ExitCode == 0, passing.ToString());
        Assert.Equal("secrets/db.yaml: ok\n", passing.Stdout);

        var noKey = new Dictionary<string, string>(repo.Env);
        noKey.Remove("SOPS_AGE_KEY_FILE");
        var withoutKey = await repo.Sopsnet(noKey, "check", "secrets");
        Assert.Equal(0, withoutKey.ExitCode);
        Assert.Equal("secrets/db.yaml: ok (mac not checked: no key)\n", withoutKey.Stdout);
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task AnUntrackedPlaintextFileIsCaughtBeforeItIsAdded()
    {
        using var repo = new ScratchRepo();
        repo.Config(@"\.enc\.json$");
        repo.Write("new.enc.json", "{\"token\": \"t-plain\"}\n");
        repo.Write(".gitignore", "ignored.enc.json\n");
        repo.Write("ignored.enc.json", "{\"token\": \"t-ignored\"}\n");

        var run = await repo.Sopsnet("check");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("new.enc.json: not encrypted", run.Stderr);
        Assert.DoesNotContain("ignored.enc.json", run.Stderr);
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task ATamperedFileFailsAndARuleThatSelectsNothingPasses()
    {
        using var repo = new ScratchRepo();
        repo.Config(@"\.yaml$");
        repo.Write("tampered.yaml", "a: one-aaa\nb: two-bbb\n");
        repo.Write("nothing.yaml", "user: app\nport: 1\n");
        Assert.Equal(0, (await repo.Sopsnet("encrypt", "-i", "tampered.yaml")).ExitCode);
        Assert.Equal(0, (await repo.Sopsnet("encrypt", "-i", "--encrypted-regex", "^password$", "nothing.yaml")).ExitCode);

        // Swapping two encrypted values keeps every value authentic but breaks the mac's order.
        var lines = File.ReadAllLines(repo.File("tampered.yaml"));
        (lines[0], lines[1]) = ("a:" + lines[1][2..], "b:" + lines[0][2..]);
        File.WriteAllLines(repo.File("tampered.yaml"), lines);

        var run = await repo.Sopsnet("check", "--verbose", "tampered.yaml", "nothing.yaml");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("sopsnet: error: tampered.yaml: ", run.Stderr);
        Assert.Contains("nothing.yaml: ok (nothing to encrypt: the encrypted_regex rule '^password$' selects none of its values)\n", run.Stdout);
        Assert.Contains("sopsnet: error: check: 2 files: 1 ok, 1 failed\n", run.Stderr);
        CliKit.AssertNoSecret(run, "one-aaa", "two-bbb");
    }

    [Fact]
    public void ThePreCommitHookRunsCheck()
    {
        var hooks = File.ReadAllText(TestPaths.Repo(".pre-commit-hooks.yaml"));
        Assert.Contains("- id: sopsnet-check", hooks);
        Assert.Contains("entry: sopsnet check", hooks);
        Assert.Contains("language: system", hooks);
    }
}
