using System.Collections.Immutable;
using System.Text.RegularExpressions;
using SopsNet.Age;
using SopsNet.Cli.Commands;
using SopsNet.Files.Config;
using SopsNet.Keys;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// An attacker with write access adds an age stanza for their own recipient (a real wrapped data key, so
/// nothing breaks: sops's mac does not cover key stanzas). check fails naming the recipient; rotate and
/// updatekeys warn and otherwise behave as sops does.
/// </summary>
public sealed class RecipientDriftTests
{
    private const string Plain = "password: hunter2\n";

    private static async Task<(TempDir Dir, string Attacker, string AttackerKey)> InjectedAsync()
    {
        var dir = new TempDir();
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: secrets\\.yaml$\n    age: {TestPaths.DemoRecipient}\n");
        dir.Write("secrets.yaml", Plain);
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "secrets.yaml")).ExitCode);

        // The attacker holds the data key (an old copy, a former teammate) and wraps it for themselves; here
        // updatekeys with their own config does exactly that: it adds the stanza and changes nothing else.
        var identity = X25519Identity.Generate();
        var attacker = identity.Recipient.ToString()!;
        var attackerKey = dir.Write("attacker-key.txt", identity.ToSecretString() + "\n");
        var config = dir.Write("attacker.sops.yaml", $"creation_rules:\n  - path_regex: secrets\\.yaml$\n    age: {TestPaths.DemoRecipient},{attacker}\n");
        var before = File.ReadAllLines(dir.File("secrets.yaml"));
        var inject = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "updatekeys", "-y", "--config", config, "secrets.yaml");
        Assert.True(inject.ExitCode == 0, inject.ToString());
        Assert.Contains(attacker, File.ReadAllText(dir.File("secrets.yaml")));
        Assert.Equal(before.Where(l => l.StartsWith("password:", StringComparison.Ordinal)), File.ReadAllLines(dir.File("secrets.yaml")).Where(l => l.StartsWith("password:", StringComparison.Ordinal)));
        return (dir, attacker, attackerKey);
    }

    [Fact]
    public async Task An_injected_age_stanza_decrypts_fine_but_makes_check_fail_naming_the_recipient()
    {
        var (dir, attacker, attackerKey) = await InjectedAsync();
        using var _ = dir;
        Assert.Equal(Plain, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, "secrets.yaml")));
        Assert.Equal(Plain, (await CliRun.RunAsync(dir.Path, new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = attackerKey }, "decrypt", "secrets.yaml")).Stdout);

        var check = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "check", "secrets.yaml");

        Assert.Equal(1, check.ExitCode);
        Assert.Contains($"sopsnet: error: secrets.yaml: an age recipient not in .sops.yaml: {attacker}\n", check.Stderr);
        Assert.DoesNotContain(TestPaths.DemoRecipient, check.Stderr);
        CliKit.AssertNoSecret(check, "hunter2");
    }

    [Fact]
    public async Task Rotate_and_updatekeys_warn_about_it_and_rotate_keeps_it_as_sops_does()
    {
        var (dir, attacker, attackerKey) = await InjectedAsync();
        using var _ = dir;
        var warning = $"sopsnet: warning: secrets.yaml: an age recipient not in .sops.yaml: {attacker}\n";

        var dryRun = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "updatekeys", "--dry-run", "secrets.yaml");
        Assert.Equal(0, dryRun.ExitCode);
        Assert.Contains(warning, dryRun.Stderr);

        var rotate = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "rotate", "-i", "secrets.yaml");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        Assert.Contains(warning, rotate.Stderr);
        Assert.Equal(Plain, (await CliRun.RunAsync(dir.Path, new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = attackerKey }, "decrypt", "secrets.yaml")).Stdout);
    }

    [Fact]
    public async Task A_file_holding_only_the_rules_recipients_passes_check_and_rotates_without_warning()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: secrets\\.yaml$\n    age: {TestPaths.DemoRecipient}\n");
        dir.Write("secrets.yaml", Plain);
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "secrets.yaml")).ExitCode);

        var check = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "check", "secrets.yaml");
        Assert.True(check.ExitCode == 0, check.ToString());
        var rotate = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "rotate", "-i", "secrets.yaml");
        Assert.True(rotate.ExitCode == 0, rotate.ToString());
        Assert.DoesNotContain("not in .sops.yaml", rotate.Stderr);
    }

    [Fact]
    public void Every_key_type_is_named_and_an_azure_key_the_rule_gives_without_version_matches_any_version()
    {
        var rule = new CreationRule(new Regex("x"), [[
            MasterKey.Create("pgp", ("fp", "AAAA BBBB")),
            MasterKey.Create("azure_kv", ("vault_url", "https://v.vault.azure.net"), ("name", "k"), ("version", "")),
        ]]);
        ImmutableArray<ImmutableArray<MasterKey>> file = [[
            MasterKey.Create("pgp", ("fp", "aaaabbbb"), ("enc", "x")),
            MasterKey.Create("azure_kv", ("vault_url", "https://v.vault.azure.net"), ("name", "k"), ("version", "v1"), ("enc", "x")),
            MasterKey.Create("pgp", ("fp", "CCCC"), ("enc", "x")),
            MasterKey.Create("kms", ("arn", "arn:aws:kms:eu-west-1:1:key/k"), ("enc", "x")),
            MasterKey.Create("azure_kv", ("vault_url", "https://other.vault.azure.net"), ("name", "k"), ("version", "v1"), ("enc", "x")),
        ]];

        Assert.Equal(
            [
                "a pgp fingerprint not in .sops.yaml: CCCC",
                "a kms arn not in .sops.yaml: arn:aws:kms:eu-west-1:1:key/k",
                "an azure key vault key not in .sops.yaml: https://other.vault.azure.net/keys/k/v1",
            ],
            RecipientDrift.Find(file, rule));
        Assert.Empty(RecipientDrift.Find(file, rule with { KeyGroups = [] }));
        Assert.Empty(RecipientDrift.Find(file, null));
    }
}
