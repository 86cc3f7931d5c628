using SopsNet.Cli.Keys;
using SopsNet.Tests.AwsKms;
using SopsNet.Tests.AzureKeyVault;
using SopsNet.Tests.GcpKms;
using SopsNet.Tests.HcVault;
using SopsNet.Tests.Pgp;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// One file encrypted for all six key types (age, PGP, AWS KMS, Azure Key Vault, GCP KMS, Vault transit),
/// every cloud one behind its in-process fake on 127.0.0.1; it must open with any single one available.
/// "Unavailable" means credentials the fakes reject, so nothing leaves loopback.
/// </summary>
[Collection(PgpTestKeys.Collection)]
public sealed class AllKeyTypesTests(PgpTestKeys pgp) : IAsyncLifetime
{
    private const string Plain = "db:\n    password: six-ways\n";
    private const string GcpKey = "projects/p/locations/global/keyRings/sops/cryptoKeys/data";

    private readonly TempDir dir = new();
    private FakeKms aws = null!;
    private FakeKeyVault azure = null!;
    private FakeGcpKms gcp = null!;
    private FakeVault vault = null!;
    private string vaultUri = "";

    public async Task InitializeAsync()
    {
        aws = await FakeKms.StartAsync();
        azure = await FakeKeyVault.StartAsync();
        gcp = await FakeGcpKms.StartAsync();
        gcp.AddKey(GcpKey);
        gcp.AddToken("good-token");
        vault = await FakeVault.StartAsync();
        vaultUri = vault.AddKey("transit", "sops");
        vault.AddToken("s.root");
    }

    public async Task DisposeAsync()
    {
        await aws.DisposeAsync();
        await azure.DisposeAsync();
        await gcp.DisposeAsync();
        await vault.DisposeAsync();
        dir.Dispose();
    }

    /// <summary>Every service reachable; each credential working only where <paramref name="working"/> says.</summary>
    private Dictionary<string, string> Env(params string[] working)
    {
        bool Works(string type) => working.Contains(type);
        var env = new Dictionary<string, string>
        {
            ["SOPSNET_KEY_TIMEOUT"] = "8",
            ["SOPS_GPG_EXEC"] = "/nonexistent/gpg",
            ["AWS_ENDPOINT_URL_KMS"] = aws.Url,
            ["AWS_ENDPOINT_URL_STS"] = aws.Url,
            ["AWS_ACCESS_KEY_ID"] = Works("kms") ? FakeKms.AccessKeyId : "AKIAUNKNOWNUNKNOWN00",
            ["AWS_SECRET_ACCESS_KEY"] = FakeKms.SecretAccessKey,
            ["AWS_EC2_METADATA_DISABLED"] = "true",
            ["AZURE_TENANT_ID"] = FakeKeyVault.Tenant,
            ["AZURE_CLIENT_ID"] = FakeKeyVault.ClientId,
            ["AZURE_CLIENT_SECRET"] = Works("azure_kv") ? FakeKeyVault.ClientSecret : "wrong-secret",
            ["AZURE_AUTHORITY_HOST"] = azure.Url,
            [AzureKeyVaultCli.TrustedCertificateVariable] = azure.WriteCertificate(dir.Path),
            [AzureKeyVaultCli.ManagedIdentityVariable] = "false",
            ["SOPS_GCP_KMS_ENDPOINT"] = gcp.Endpoint,
            ["GOOGLE_OAUTH_ACCESS_TOKEN"] = Works("gcp_kms") ? "good-token" : "bad-token",
            ["VAULT_TOKEN"] = Works("hc_vault") ? "s.root" : "s.bad",
            ["SOPSNET_PGP_PUBLIC_KEYRING"] = pgp.PublicRing,
        };
        if (Works("age"))
        {
            env["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey;
        }

        if (Works("pgp"))
        {
            env["SOPSNET_PGP_SECRET_KEYRING"] = pgp.RsaSecretRing;
        }

        return env;
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task A_file_for_all_six_key_types_decrypts_with_any_single_one_available()
    {
        var plain = dir.Write("secret.yaml", Plain);
        var encrypted = dir.File("secret.enc.yaml");
        var all = Env("kms", "azure_kv", "gcp_kms", "hc_vault");
        var run = await CliRun.RunAsync(dir.Path, all,
            "encrypt", "--output", encrypted,
            "--age", TestPaths.DemoRecipient,
            "--pgp", pgp.Rsa.Primary,
            "--kms", FakeKms.Arn,
            "--azure-kv", azure.KeyUrl("sops", azure.AddKeyVersion("sops")),
            "--gcp-kms", GcpKey,
            "--hc-vault-transit", vaultUri,
            plain);
        Assert.True(run.ExitCode == 0, run.ToString());
        var text = File.ReadAllText(encrypted);
        foreach (var list in new[] { "age:", "pgp:", "kms:", "azure_kv:", "gcp_kms:", "hc_vault:" })
        {
            Assert.Contains($"\n    {list}", text);
        }

        foreach (var type in new[] { "age", "pgp", "kms", "azure_kv", "gcp_kms", "hc_vault" })
        {
            var decrypted = await CliRun.RunAsync(dir.Path, Env(type), "decrypt", encrypted);
            Assert.True(decrypted.ExitCode == 0, $"with only {type}: {decrypted}");
            Assert.Equal(Plain, decrypted.Stdout);
        }

        var none = await CliRun.RunAsync(dir.Path, Env(), "decrypt", encrypted);
        Assert.Equal(128, none.ExitCode);
        Assert.DoesNotContain("six-ways", none.Stderr + none.Stdout);
    }
}
