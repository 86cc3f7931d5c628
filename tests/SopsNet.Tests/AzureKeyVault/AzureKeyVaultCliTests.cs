using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using SopsNet.Cli.Keys;
using SopsNet.Tests.Cli;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.AzureKeyVault;

/// <summary>The sopsnet CLI with Azure Key Vault keys, against the https fake vault and token endpoint.</summary>
public sealed class AzureKeyVaultCliTests : IAsyncLifetime
{
    private const string Plain = "password: hunter2\nuser: admin\n";

    private readonly TempDir dir = new();
    private FakeKeyVault vault = null!;

    public async Task InitializeAsync() => vault = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync()
    {
        await vault.DisposeAsync();
        dir.Dispose();
    }

    /// <summary>What a CI job with a service principal sets, plus the test-only trust of the fake's certificate.</summary>
    private Dictionary<string, string> AzureEnv(string clientId = FakeKeyVault.ClientId) => new()
    {
        ["AZURE_TENANT_ID"] = FakeKeyVault.Tenant,
        ["AZURE_CLIENT_ID"] = clientId,
        ["AZURE_CLIENT_SECRET"] = FakeKeyVault.ClientSecret,
        ["AZURE_AUTHORITY_HOST"] = vault.Url,
        [AzureKeyVaultCli.TrustedCertificateVariable] = vault.WriteCertificate(dir.Path),
        // Generous: the first TLS call of a fresh process on a loaded 2-core machine took over 5 s; the one
        // test about the timeout sets its own.
        [AzureKeyVaultCli.TimeoutVariable] = "30",
        [AzureKeyVaultCli.ManagedIdentityVariable] = "false",
    };

    private async Task<string> EncryptAsync(Dictionary<string, string> env, params string[] args)
    {
        dir.Write("secrets.yaml", Plain);
        var run = await CliRun.RunAsync(dir.Path, env, ["encrypt", .. args, "secrets.yaml"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        dir.Write("enc.yaml", run.Stdout);
        return run.Stdout;
    }

    private async Task AssertDecryptsAsync(Dictionary<string, string> env, string file = "enc.yaml")
    {
        var run = await CliRun.RunAsync(dir.Path, env, "decrypt", file);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Plain, run.Stdout);
    }

    [Fact]
    public async Task A_file_encrypted_with_azure_kv_decrypts_and_stores_the_looked_up_version()
    {
        var version = vault.AddKeyVersion("sops");

        var encrypted = await EncryptAsync(AzureEnv(), "--azure-kv", vault.KeyUrl("sops"));

        Assert.Contains("azure_kv:", encrypted);
        Assert.Contains($"vault_url: {vault.Url}", encrypted);
        Assert.Contains("name: sops", encrypted);
        Assert.Contains($"version: {version}", encrypted);
        Assert.Matches(@"enc: [A-Za-z0-9_-]{342}\n", encrypted);
        Assert.DoesNotContain("hunter2", encrypted);
        await AssertDecryptsAsync(AzureEnv());
        Assert.Equal(1, vault.Count("GET /keys/sops"));
        Assert.Equal(1, vault.Count($"POST /keys/sops/{version}/decrypt"));
    }

    [Fact]
    public async Task Key_urls_come_from_the_environment_and_from_both_sops_yaml_forms()
    {
        var version = vault.AddKeyVersion("env");
        var env = AzureEnv();
        env["SOPS_AZURE_KEYVAULT_URLS"] = vault.KeyUrl("env", version);
        Assert.Contains($"version: {version}", await EncryptAsync(env));

        dir.Write(".sops.yaml", $"creation_rules:\n  - azure_keyvault: {vault.KeyUrl("env")}\n");
        Assert.Contains($"version: {version}", await EncryptAsync(AzureEnv()));
        await AssertDecryptsAsync(AzureEnv());

        var older = vault.AddKeyVersion("grouped");
        vault.AddKeyVersion("grouped");
        dir.Write(".sops.yaml", $"creation_rules:\n  - key_groups:\n      - azure_keyvault:\n          - vaultUrl: {vault.Url}\n            key: grouped\n            version: {older}\n");
        Assert.Contains($"version: {older}", await EncryptAsync(AzureEnv()));
        await AssertDecryptsAsync(AzureEnv());
    }

    [Fact]
    public async Task Rotate_adds_and_removes_an_azure_key()
    {
        var version = vault.AddKeyVersion("added");
        await EncryptAsync([], "--age", TestPaths.DemoRecipient);
        var both = AzureEnv();
        both["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey;

        var add = await CliRun.RunAsync(dir.Path, both, "rotate", "-i", "--add-azure-kv", vault.KeyUrl("added", version), "enc.yaml");
        Assert.True(add.ExitCode == 0, add.ToString());
        await AssertDecryptsAsync(AzureEnv());

        var remove = await CliRun.RunAsync(dir.Path, both, "rotate", "-i", "--rm-azure-kv", vault.KeyUrl("added", version), "enc.yaml");
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.DoesNotContain("azure_kv", File.ReadAllText(dir.File("enc.yaml")));
    }

    [Fact]
    public async Task Files_sharing_one_wrapped_key_cost_one_decrypt_call_per_run()
    {
        var version = vault.AddKeyVersion("shared");
        var encrypted = await EncryptAsync(AzureEnv(), "--azure-kv", vault.KeyUrl("shared", version));
        var files = Enumerable.Range(0, 5).Select(i => dir.Write($"copy{i}.yaml", encrypted)).Select(Path.GetFileName).ToArray();

        var run = await CliRun.RunAsync(dir.Path, AzureEnv(), ["rotate", .. files!]);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(1, vault.Count($"POST /keys/shared/{version}/decrypt"));
        Assert.Equal(6, vault.Count($"POST /keys/shared/{version}/encrypt"));
        foreach (var file in files)
        {
            await AssertDecryptsAsync(AzureEnv(), file!);
        }
    }

    [Fact]
    public async Task The_vault_is_not_contacted_when_an_age_key_opens_the_file()
    {
        var version = vault.AddKeyVersion("unused");
        await EncryptAsync(AzureEnv(), "--age", TestPaths.DemoRecipient, "--azure-kv", vault.KeyUrl("unused", version));
        var before = vault.Requests.Count;
        var env = AzureEnv();
        env["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey;

        await AssertDecryptsAsync(env);

        Assert.Equal(before, vault.Requests.Count);
    }

    [Fact]
    public async Task A_malformed_key_url_is_refused_before_anything_is_contacted()
    {
        dir.Write("secrets.yaml", Plain);
        var run = await CliRun.RunAsync(dir.Path, AzureEnv(), "encrypt", "--azure-kv", "http://vault.example/keys/k", "secrets.yaml");

        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("expected https://VAULT/keys/NAME[/VERSION]", run.Stderr);
        Assert.Empty(vault.Requests);
    }

    public static TheoryData<string, string> Failures => new()
    {
        { "forbidden", "access denied (403 forbidden): Forbidden: The user, group or application" },
        { "busy", "throttled (429 too many requests, still after 2 retries)" },
        { "stranger", "no valid credentials (401 unauthorized)" },
        { "unreachable", "unreachable: Connection refused (3 attempts)" },
        { "untrusted", "azure authentication failed: The remote certificate is invalid" },
        { "silent", "no answer within the timeout of 5 s" },
        { "no-credentials", "no azure credentials: DefaultAzureCredential failed to retrieve a token" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task Each_failure_is_one_line_naming_key_endpoint_and_cause_with_exit_128(string failure, string cause)
    {
        var version = vault.AddKeyVersion("sops");
        var encrypted = await EncryptAsync(AzureEnv(), "--azure-kv", vault.KeyUrl("sops", version));
        var env = AzureEnv();
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        var vaultUrl = vault.Url;
        var name = "sops";
        switch (failure)
        {
            case "forbidden" or "busy":
                name = failure;
                break;
            case "stranger":
                env["AZURE_CLIENT_ID"] = FakeKeyVault.StrangerId;
                break;
            case "unreachable":
                vaultUrl = $"https://127.0.0.1:{ClosedPort()}";
                break;
            case "untrusted":
                // Without the test-only setting the fake's self-signed certificate (token endpoint
                // and vault alike) is refused: nothing else turns certificate validation off.
                env.Remove(AzureKeyVaultCli.TrustedCertificateVariable);
                break;
            case "silent":
                env[AzureKeyVaultCli.TimeoutVariable] = "5";
                silent.Start();
                vaultUrl = $"https://127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
                break;
            case "no-credentials":
                env.Remove("AZURE_CLIENT_SECRET");
                break;
        }

        dir.Write("enc.yaml", encrypted.Replace($"vault_url: {vault.Url}", $"vault_url: {vaultUrl}").Replace("name: sops", $"name: {name}"));
        var watch = Stopwatch.StartNew();

        var run = await CliRun.RunAsync(dir.Path, env, "decrypt", "enc.yaml");

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        CliKit.AssertFailure(run, 128, "enc.yaml", "hunter2", FakeKeyVault.ClientSecret);
        Assert.True(run.Stderr.Contains($"azure_kv {vaultUrl}/keys/{name}/{version}: POST {vaultUrl}/keys/{name}/{version}/decrypt: {cause}", StringComparison.Ordinal), run.Stderr);
    }

    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
