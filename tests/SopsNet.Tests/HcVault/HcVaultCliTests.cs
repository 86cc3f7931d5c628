using System.Diagnostics;
using SopsNet.Tests.Cli;
using SopsNet.Tests.GcpKms;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.HcVault;

/// <summary>The real CLI against the Vault transit fake, configured only through the environment a user would set.</summary>
public sealed class HcVaultCliTests : IAsyncLifetime
{
    private const string Plaintext = "db:\n    password: hunter2\n";
    private FakeVault vault = null!;
    private string uri = "";
    private readonly TempDir dir = new();

    public async Task InitializeAsync()
    {
        vault = await FakeVault.StartAsync();
        uri = vault.AddKey("transit", "sops");
        vault.AddToken("s.root");
        vault.AddToken("s.other", "transit/else");
        dir.Write("secret.yaml", Plaintext);
    }

    public async Task DisposeAsync()
    {
        await vault.DisposeAsync();
        dir.Dispose();
    }

    private static Dictionary<string, string> Env(string? token = "s.root")
    {
        var env = new Dictionary<string, string> { ["SOPSNET_KEY_TIMEOUT"] = "2" };
        if (token is not null)
        {
            env["VAULT_TOKEN"] = token;
        }

        return env;
    }

    private async Task EncryptAsync(params string[] args)
    {
        var run = await CliRun.RunAsync(dir.Path, Env(), ["encrypt", .. args, "secret.yaml"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        dir.Write("secret.enc.yaml", run.Stdout);
    }

    [Fact]
    public async Task A_file_encrypted_with_hc_vault_transit_decrypts_through_the_cli()
    {
        await EncryptAsync("--hc-vault-transit", uri);
        var text = await File.ReadAllTextAsync(dir.File("secret.enc.yaml"));
        Assert.Contains("hc_vault:", text);
        Assert.Contains($"vault_address: {vault.Address}", text);
        Assert.Contains("engine_path: transit", text);
        Assert.Contains("key_name: sops", text);
        Assert.Contains("enc: vault:v1:", text);

        var run = await CliRun.RunAsync(dir.Path, Env(), "decrypt", "secret.enc.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Plaintext, run.Stdout);
    }

    [Fact]
    public async Task The_token_from_vault_login_is_used_when_VAULT_TOKEN_is_not_set()
    {
        await EncryptAsync("--hc-vault-transit", uri);
        dir.Write(".test-home/.vault-token", "s.root\n");
        var run = await CliRun.RunAsync(dir.Path, Env(token: null), "decrypt", "secret.enc.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
    }

    [Fact]
    public async Task Creation_rules_and_SOPS_VAULT_URIS_name_vault_keys()
    {
        dir.Write(".sops.yaml", $"creation_rules:\n  - hc_vault_transit_uri: {uri}\n");
        await EncryptAsync();
        Assert.Contains("key_name: sops", await File.ReadAllTextAsync(dir.File("secret.enc.yaml")));

        var env = Env();
        env["SOPS_VAULT_URIS"] = uri;
        var run = await CliRun.RunAsync(dir.Path, env, "encrypt", "--config", "/dev/null", "secret.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains("key_name: sops", run.Stdout);
    }

    [Fact]
    public async Task A_key_group_with_gcp_kms_and_vault_decrypts_with_either_one_available()
    {
        await using var kms = await FakeGcpKms.StartAsync();
        const string keyId = "projects/p/locations/global/keyRings/sops/cryptoKeys/data";
        kms.AddKey(keyId);
        kms.AddToken("g-token");
        dir.Write(".sops.yaml", $"creation_rules:\n  - key_groups:\n      - hc_vault: [{uri}]\n        gcp_kms:\n          - resource_id: {keyId}\n");
        var both = Env();
        both["GOOGLE_OAUTH_ACCESS_TOKEN"] = "g-token";
        both["SOPS_GCP_KMS_ENDPOINT"] = kms.Endpoint;
        var enc = await CliRun.RunAsync(dir.Path, both, "encrypt", "secret.yaml");
        Assert.True(enc.ExitCode == 0, enc.ToString());
        dir.Write("secret.enc.yaml", enc.Stdout);

        var vaultOnly = await CliRun.RunAsync(dir.Path, Env(), "decrypt", "secret.enc.yaml");
        Assert.True(vaultOnly.ExitCode == 0, vaultOnly.ToString());
        Assert.Equal(Plaintext, vaultOnly.Stdout);

        var gcpOnly = await CliRun.RunAsync(dir.Path, new Dictionary<string, string>
        {
            ["GOOGLE_OAUTH_ACCESS_TOKEN"] = "g-token",
            ["SOPS_GCP_KMS_ENDPOINT"] = kms.Endpoint,
        }, "decrypt", "secret.enc.yaml");
        Assert.True(gcpOnly.ExitCode == 0, gcpOnly.ToString());
        Assert.Equal(Plaintext, gcpOnly.Stdout);
    }

    [Fact]
    public async Task A_denied_token_exits_128_with_one_line_naming_key_address_and_cause()
    {
        await EncryptAsync("--hc-vault-transit", uri);
        var run = await CliRun.RunAsync(dir.Path, Env("s.other"), "decrypt", "secret.enc.yaml");
        CliKit.AssertFailure(run, 128, "secret.enc.yaml", "hunter2", "s.other");
        Assert.Contains(uri, run.Stderr);
        Assert.Contains("permission denied (403)", run.Stderr);
    }

    [Fact]
    public async Task Missing_token_unreachable_and_slow_vaults_exit_128_within_the_timeout()
    {
        await EncryptAsync("--hc-vault-transit", uri);
        var calls = vault.Calls;
        var noToken = await CliRun.RunAsync(dir.Path, Env(token: null), "decrypt", "secret.enc.yaml");
        CliKit.AssertFailure(noToken, 128, "secret.enc.yaml", "hunter2");
        Assert.Contains("no vault token", noToken.Stderr);
        Assert.Equal(calls, vault.Calls);

        vault.Delay = TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        var slow = await CliRun.RunAsync(dir.Path, Env(), "decrypt", "secret.enc.yaml");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        CliKit.AssertFailure(slow, 128, "secret.enc.yaml", "hunter2");
        Assert.Contains("no answer within 2 s", slow.Stderr);

        var closed = await GcpKmsKeyProviderTests.ClosedPort();
        var text = await File.ReadAllTextAsync(dir.File("secret.enc.yaml"));
        dir.Write("moved.enc.yaml", text.Replace(vault.Address, closed));
        var unreachable = await CliRun.RunAsync(dir.Path, Env(), "decrypt", "--ignore-mac", "moved.enc.yaml");
        CliKit.AssertFailure(unreachable, 128, "moved.enc.yaml", "hunter2");
        Assert.Contains("unreachable", unreachable.Stderr);
    }

    [Fact]
    public async Task An_address_outside_the_allowlist_is_refused_without_sending_the_token()
    {
        await EncryptAsync("--hc-vault-transit", uri);
        var calls = vault.Calls;
        var env = Env();
        env["SOPS_HC_VAULT_ALLOWLIST"] = "https://vault.example.org";
        var run = await CliRun.RunAsync(dir.Path, env, "decrypt", "secret.enc.yaml");
        CliKit.AssertFailure(run, 128, "secret.enc.yaml", "hunter2", "s.root");
        Assert.Contains("not allowed by SOPS_HC_VAULT_ALLOWLIST", run.Stderr);
        Assert.Equal(calls, vault.Calls);
    }

    [Fact]
    public async Task Rotate_adds_and_removes_a_vault_key()
    {
        await CliKit.EncryptForDemoAsync(dir, "plain.yaml", "a: b\n"u8.ToArray());
        var env = Env();
        foreach (var (k, v) in CliKit.DemoKeyEnv())
        {
            env[k] = v;
        }

        var add = await CliRun.RunAsync(dir.Path, env, "rotate", "-i", "--add-hc-vault-transit", uri, "enc.plain.yaml");
        Assert.True(add.ExitCode == 0, add.ToString());
        var vaultOnly = await CliRun.RunAsync(dir.Path, Env(), "decrypt", "enc.plain.yaml");
        Assert.True(vaultOnly.ExitCode == 0, vaultOnly.ToString());

        var remove = await CliRun.RunAsync(dir.Path, env, "rotate", "-i", "--rm-hc-vault-transit", uri, "enc.plain.yaml");
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.DoesNotContain("hc_vault", await File.ReadAllTextAsync(dir.File("enc.plain.yaml")));
    }
}
