using SopsNet.Tests.Cli.Git;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Setup;

/// <summary>
/// <c>sopsnet init</c>: from an empty repository to a working encrypt/decrypt in one command, with no other
/// tool and no SOPS_* variable; a second run changes nothing and an existing key is never replaced.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class InitTests
{
    /// <summary>The repository's environment without any SOPS_* key setting: only HOME (and git's own config) point into the scratch directory.</summary>
    private static Dictionary<string, string> NoKeyEnv(ScratchRepo repo, bool xdg)
    {
        var env = repo.Env.Where(e => !e.Key.StartsWith("SOPS_", StringComparison.Ordinal)).ToDictionary();
        if (xdg)
        {
            env["XDG_CONFIG_HOME"] = Path.Combine(repo.Env["HOME"], "xdg");
        }

        return env;
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task InitThenEncryptAndDecryptWorkWithNothingElseSetUp()
    {
        using var repo = new ScratchRepo();

        // The real executable, as a user would type it: no SOPS_* variable, XDG_CONFIG_HOME unset, HOME in the scratch dir.
        var script = "for v in $(env | sed -n 's/^\\(SOPS_[A-Za-z0-9_]*\\)=.*/\\1/p'); do unset \"$v\"; done; unset XDG_CONFIG_HOME\n" +
                     "sopsnet init secrets/ >/dev/null && echo 'a: 1' > secrets/x.yaml && sopsnet encrypt -i secrets/x.yaml && sopsnet decrypt secrets/x.yaml";
        var env = NoKeyEnv(repo, xdg: false);
        var run = External.Run("/bin/sh", ["-c", script], env: env, cwd: repo.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal("a: 1\n", run.StdoutText);
        Assert.Contains("sops:", repo.Read("secrets/x.yaml"));
        var key = Path.Combine(env["HOME"], ".config", "sops", "age", "keys.txt");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        Assert.Contains("/secrets/** diff=sopsnet merge=sopsnet", repo.Read(".gitattributes"));
        Assert.Equal("sopsnet decrypt --textconv\n", repo.Git("config", "--local", "--get", "diff.sopsnet.textconv").StdoutText);
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task ASecondRunChangesNothingAndTheKeyGoesWhereXdgConfigHomeSays()
    {
        using var repo = new ScratchRepo();
        var env = NoKeyEnv(repo, xdg: true);
        var first = await repo.Sopsnet(env, "init", "secrets/", "config/prod.yaml");
        Assert.True(first.ExitCode == 0, first.ToString());
        var key = Path.Combine(env["XDG_CONFIG_HOME"], "sops", "age", "keys.txt");
        var recipient = File.ReadAllLines(key)[1]["# public key: ".Length..];
        Assert.Equal(
            $"creation_rules:\n  - path_regex: '^secrets/'\n    age: '{recipient}'\n  - path_regex: '^config/prod\\.yaml$'\n    age: '{recipient}'\n",
            repo.Read(".sops.yaml"));
        Assert.Contains("created an age key", first.Stdout);
        Assert.Contains("next:\n  sopsnet edit secrets/app.yaml ", first.Stdout);

        var files = new[] { key, repo.File(".sops.yaml"), repo.File(".gitattributes"), repo.File(".git/config") };
        var before = files.Select(File.ReadAllBytes).ToList();
        var second = await repo.Sopsnet(env, "init", "secrets/", "config/prod.yaml");
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Equal(before, files.Select(File.ReadAllBytes).ToList());
        Assert.Contains("using this age key", second.Stdout);
        Assert.Contains("already has a rule for secrets/", second.Stdout);
    }

    [Fact]
    public async Task AnExistingKeyIsUsedAndNotReplaced()
    {
        using var dir = new TempDir();
        var keyText = File.ReadAllText(TestPaths.DemoKey);
        dir.Write("my-key.txt", keyText);
        var run = await CliRun.RunAsync(dir.Path, new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = dir.File("my-key.txt") }, "init", "secrets/");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(keyText, File.ReadAllText(dir.File("my-key.txt")));
        Assert.Contains($"age: '{TestPaths.DemoRecipient}'", File.ReadAllText(dir.File(".sops.yaml")));
        Assert.False(Directory.Exists(dir.File(".test-home")), "no default key file may be created when SOPS_AGE_KEY_FILE names one");
    }

    [Fact]
    public async Task AGivenRecipientCreatesNoKey()
    {
        using var dir = new TempDir();
        var run = await CliRun.RunAsync(dir.Path, null, "init", "--age", TestPaths.DemoRecipient, "--kms", "arn:aws:kms:eu-west-1:111122223333:key/abc", "secrets/");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            $"creation_rules:\n  - path_regex: '^secrets/'\n    age: '{TestPaths.DemoRecipient}'\n    kms: 'arn:aws:kms:eu-west-1:111122223333:key/abc'\n",
            File.ReadAllText(dir.File(".sops.yaml")));
        Assert.False(Directory.Exists(dir.File(".test-home")));
    }

    [Theory]
    [InlineData("# team rules\ncreation_rules:\n  # everything else\n  - age: age1other\n")]
    [InlineData("# team rules\ncreation_rules:\n- age: age1other\n")]
    public async Task AnExistingConfigGetsTheRuleFirstAndKeepsItsComments(string existing)
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", existing);
        var run = await CliRun.RunAsync(dir.Path, null, "init", "--age", TestPaths.DemoRecipient, "secrets/");
        Assert.True(run.ExitCode == 0, run.ToString());
        var text = File.ReadAllText(dir.File(".sops.yaml"));
        var dash = existing.Contains("\n- ") ? "" : "  ";
        Assert.Equal(existing.Replace($"{dash}- age: age1other", $"{dash}- path_regex: '^secrets/'\n{dash}  age: '{TestPaths.DemoRecipient}'\n{dash}- age: age1other"), text);

        // The new rule wins for its paths; the team's rule still covers everything else.
        dir.Write("secrets/x.yaml", "a: b\n");
        var enc = await CliRun.RunAsync(dir.Path, null, "encrypt", "secrets/x.yaml");
        Assert.True(enc.ExitCode == 0, enc.ToString());
        Assert.Contains(TestPaths.DemoRecipient, enc.Stdout);
    }

    [Fact]
    public async Task APathOutsideTheConfigDirectoryIsRefused()
    {
        using var dir = new TempDir();
        var run = await CliRun.RunAsync(Directory.CreateDirectory(dir.File("sub")).FullName, new Dictionary<string, string> { ["SOPS_CONFIG"] = dir.File("sub/.sops.yaml") }, "init", "--age", TestPaths.DemoRecipient, "../elsewhere/");
        CliKit.AssertFailure(run, 1, "../elsewhere/");
        Assert.False(File.Exists(dir.File("sub/.sops.yaml")));
    }
}
