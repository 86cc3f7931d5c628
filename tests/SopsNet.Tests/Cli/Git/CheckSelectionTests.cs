using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Git;

/// <summary>
/// <c>sopsnet check</c> under a creation rule that names what is secret (encrypted_regex): a file holding
/// nothing the rule selects passes, plaintext or encrypted; a selected key in clear still fails (issue 15).
/// </summary>
public sealed class CheckSelectionTests
{
    private const string Service = "apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 8080\n";

    private const string Secret = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  password: hunter2-plain\n";

    private static void KubernetesRule(ScratchRepo repo) =>
        repo.Write(".sops.yaml", $"creation_rules:\n  - path_regex: ^k8s/.*\\.yaml$\n    encrypted_regex: ^(data|stringData)$\n    age: {TestPaths.DemoRecipient}\n");

    [ExternalToolFact(ExternalTool.Git)]
    public async Task AServiceManifestUnderAnEncryptedRegexRulePassesAsPlaintextAndOnceEncrypted()
    {
        using var repo = new ScratchRepo();
        KubernetesRule(repo);
        repo.Write("k8s/service.yaml", Service);

        var plain = await repo.Sopsnet("check", "--verbose", "k8s");
        Assert.True(plain.ExitCode == 0, plain.ToString());
        Assert.Equal("k8s/service.yaml: ok (nothing to encrypt: the encrypted_regex rule '^(data|stringData)$' selects none of its values)\n", plain.Stdout);

        var quiet = await repo.Sopsnet("check", "k8s");
        Assert.Equal("k8s/service.yaml: ok\n", quiet.Stdout);

        Assert.Equal(0, (await repo.Sopsnet("encrypt", "-i", "k8s/service.yaml")).ExitCode);
        var encrypted = await repo.Sopsnet("check", "--verbose", "k8s");
        Assert.True(encrypted.ExitCode == 0, encrypted.ToString());
        Assert.Equal("k8s/service.yaml: ok (nothing to encrypt: the encrypted_regex rule '^(data|stringData)$' selects none of its values)\n", encrypted.Stdout);
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task ASecretManifestInClearStillFails()
    {
        using var repo = new ScratchRepo();
        KubernetesRule(repo);
        repo.Write("k8s/secret.yaml", Secret);

        var run = await repo.Sopsnet("check", "k8s");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("sopsnet: error: k8s/secret.yaml: not encrypted: no sops metadata\n", run.Stderr);
        CliKit.AssertNoSecret(run, "hunter2-plain");

        Assert.Equal(0, (await repo.Sopsnet("encrypt", "-i", "k8s/secret.yaml")).ExitCode);
        Assert.Equal(0, (await repo.Sopsnet("check", "k8s")).ExitCode);
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task ASelectedKeyAddedInClearToAnEncryptedFileFailsWithoutAKey()
    {
        using var repo = new ScratchRepo();
        KubernetesRule(repo);
        repo.Write("k8s/service.yaml", Service);
        Assert.Equal(0, (await repo.Sopsnet("encrypt", "-i", "k8s/service.yaml")).ExitCode);

        // Someone pastes a data block into the encrypted file by hand; without a key the mac cannot tell.
        var text = repo.Read("k8s/service.yaml");
        repo.Write("k8s/service.yaml", text.Replace("spec:\n", "data:\n  token: pasted-in-clear\nspec:\n", StringComparison.Ordinal));
        var noKey = new Dictionary<string, string>(repo.Env);
        noKey.Remove("SOPS_AGE_KEY_FILE");

        var run = await repo.Sopsnet(noKey, "check", "k8s");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("sopsnet: error: k8s/service.yaml: [\"data\"][\"token\"]: not encrypted, though the encrypted_regex rule '^(data|stringData)$' selects it\n", run.Stderr);
        CliKit.AssertNoSecret(run, "pasted-in-clear");
    }

    [ExternalToolFact(ExternalTool.Git)]
    public async Task TheDefaultRuleStillCallsEveryValueSecret()
    {
        using var repo = new ScratchRepo();
        repo.Config(@"^k8s/.*\.yaml$");
        repo.Write("k8s/service.yaml", Service);

        var run = await repo.Sopsnet("check", "k8s");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("k8s/service.yaml: not encrypted: no sops metadata", run.Stderr);
    }
}
