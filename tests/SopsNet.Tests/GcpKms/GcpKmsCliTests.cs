using System.Diagnostics;
using SopsNet.Tests.Cli;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.GcpKms;

/// <summary>The real CLI against the Cloud KMS fake, configured only through the environment a user would set.</summary>
public sealed class GcpKmsCliTests : IAsyncLifetime
{
    private const string KeyId = "projects/p/locations/global/keyRings/sops/cryptoKeys/data";
    private const string Plaintext = "db:\n    password: hunter2\n";
    private FakeGcpKms kms = null!;
    private readonly TempDir dir = new();

    public async Task InitializeAsync()
    {
        kms = await FakeGcpKms.StartAsync();
        kms.AddKey(KeyId);
        kms.AddToken("good-token");
        kms.AddToken("no-rights", "projects/p/locations/global/keyRings/sops/cryptoKeys/else");
        dir.Write("secret.yaml", Plaintext);
    }

    public async Task DisposeAsync()
    {
        await kms.DisposeAsync();
        dir.Dispose();
    }

    private Dictionary<string, string> Env(string token = "good-token", string? endpoint = null) => new()
    {
        ["GOOGLE_OAUTH_ACCESS_TOKEN"] = token,
        ["SOPS_GCP_KMS_ENDPOINT"] = endpoint ?? kms.Endpoint,
        ["SOPSNET_KEY_TIMEOUT"] = "2",
    };

    private Dictionary<string, string> EnvWithAgeKey()
    {
        var env = Env();
        foreach (var (k, v) in CliKit.DemoKeyEnv())
        {
            env[k] = v;
        }

        return env;
    }

    private async Task<string> EncryptAsync(params string[] args)
    {
        var run = await CliRun.RunAsync(dir.Path, Env(), ["encrypt", .. args, "secret.yaml"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return dir.Write("secret.enc.yaml", run.Stdout);
    }

    [Fact]
    public async Task A_file_encrypted_with_gcp_kms_decrypts_through_the_cli()
    {
        var enc = await EncryptAsync("--gcp-kms", KeyId);
        var text = await File.ReadAllTextAsync(enc);
        Assert.Contains("gcp_kms:", text);
        Assert.Contains($"resource_id: {KeyId}", text);
        Assert.DoesNotContain("hunter2", text);

        var run = await CliRun.RunAsync(dir.Path, Env(), "decrypt", "secret.enc.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Plaintext, run.Stdout);
    }

    [Theory]
    [InlineData("creation_rules:\n  - gcp_kms: " + KeyId + "\n")]
    [InlineData("creation_rules:\n  - gcp_kms: [" + KeyId + "]\n")]
    [InlineData("creation_rules:\n  - key_groups:\n      - gcp_kms:\n          - resource_id: " + KeyId + "\n")]
    public async Task Creation_rules_name_gcp_kms_keys_as_sops_does(string config)
    {
        dir.Write(".sops.yaml", config);
        await EncryptAsync();
        var run = await CliRun.RunAsync(dir.Path, Env(), "decrypt", "secret.enc.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(Plaintext, run.Stdout);
    }

    [Fact]
    public async Task SOPS_GCP_KMS_IDS_stands_in_for_the_flag()
    {
        var env = Env();
        env["SOPS_GCP_KMS_IDS"] = KeyId;
        var run = await CliRun.RunAsync(dir.Path, env, "encrypt", "secret.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Contains($"resource_id: {KeyId}", run.Stdout);
    }

    [Fact]
    public async Task Denied_decryption_exits_128_with_one_line_naming_key_endpoint_and_cause()
    {
        await EncryptAsync("--gcp-kms", KeyId);
        var run = await CliRun.RunAsync(dir.Path, Env("no-rights"), "decrypt", "secret.enc.yaml");
        CliKit.AssertFailure(run, 128, "secret.enc.yaml", "hunter2", "no-rights");
        Assert.Contains(KeyId, run.Stderr);
        Assert.Contains(kms.Endpoint, run.Stderr);
        Assert.Contains("permission denied (403)", run.Stderr);
    }

    [Fact]
    public async Task An_unreachable_or_slow_endpoint_exits_128_within_the_timeout()
    {
        await EncryptAsync("--gcp-kms", KeyId);
        var closed = await GcpKmsKeyProviderTests.ClosedPort();
        var unreachable = await CliRun.RunAsync(dir.Path, Env(endpoint: closed), "decrypt", "secret.enc.yaml");
        CliKit.AssertFailure(unreachable, 128, "secret.enc.yaml", "hunter2");
        Assert.Contains("unreachable", unreachable.Stderr);

        kms.Delay = TimeSpan.FromSeconds(30);
        var clock = Stopwatch.StartNew();
        var slow = await CliRun.RunAsync(dir.Path, Env(), "decrypt", "secret.enc.yaml");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(8), $"took {clock.Elapsed}");
        CliKit.AssertFailure(slow, 128, "secret.enc.yaml", "hunter2");
        Assert.Contains("no answer within 2 s", slow.Stderr);
    }

    [Fact]
    public async Task Without_credentials_decryption_exits_128_and_says_what_to_set()
    {
        await EncryptAsync("--gcp-kms", KeyId);
        var run = await CliRun.RunAsync(dir.Path, new Dictionary<string, string> { ["SOPS_GCP_KMS_ENDPOINT"] = kms.Endpoint }, "decrypt", "secret.enc.yaml");
        CliKit.AssertFailure(run, 128, "secret.enc.yaml", "hunter2");
        Assert.Contains("no google credentials", run.Stderr);
        Assert.Equal(1, kms.Calls); // the encryption's

    }

    [Fact]
    public async Task Rotate_adds_and_removes_a_gcp_kms_key()
    {
        await CliKit.EncryptForDemoAsync(dir, "plain.yaml", "a: b\n"u8.ToArray());
        var add = await CliRun.RunAsync(dir.Path, EnvWithAgeKey(), "rotate", "-i", "--add-gcp-kms", KeyId, "enc.plain.yaml");
        Assert.True(add.ExitCode == 0, add.ToString());
        Assert.Contains("resource_id:", await File.ReadAllTextAsync(dir.File("enc.plain.yaml")));

        // Only the Cloud KMS key is available now: no age identity in this environment.
        var decrypt = await CliRun.RunAsync(dir.Path, Env(), "decrypt", "enc.plain.yaml");
        Assert.True(decrypt.ExitCode == 0, decrypt.ToString());
        Assert.Equal("a: b\n", decrypt.Stdout);

        var remove = await CliRun.RunAsync(dir.Path, EnvWithAgeKey(), "rotate", "-i", "--rm-gcp-kms", KeyId, "enc.plain.yaml");
        Assert.True(remove.ExitCode == 0, remove.ToString());
        Assert.DoesNotContain("gcp_kms", await File.ReadAllTextAsync(dir.File("enc.plain.yaml")));
    }

    [Fact]
    public async Task Kms_is_not_contacted_when_an_age_key_opens_the_file_first()
    {
        await CliKit.EncryptForDemoAsync(dir, "plain.yaml", "a: b\n"u8.ToArray());
        var add = await CliRun.RunAsync(dir.Path, EnvWithAgeKey(), "rotate", "-i", "--add-gcp-kms", KeyId, "enc.plain.yaml");
        Assert.True(add.ExitCode == 0, add.ToString());
        var calls = kms.Calls;

        var env = CliKit.DemoKeyEnv();
        env["SOPS_GCP_KMS_ENDPOINT"] = kms.Endpoint;
        env["GOOGLE_OAUTH_ACCESS_TOKEN"] = "good-token";
        var run = await CliRun.RunAsync(dir.Path, env, "decrypt", "enc.plain.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(calls, kms.Calls);
    }

    [Fact]
    public async Task A_malformed_resource_id_is_refused_before_anything_is_contacted()
    {
        var run = await CliRun.RunAsync(dir.Path, Env(), "encrypt", "--gcp-kms", "projects/p/keyRings/r", "secret.yaml");
        Assert.NotEqual(0, run.ExitCode);
        Assert.Contains("expected projects/P/locations/L/keyRings/R/cryptoKeys/K", run.Stderr);
        Assert.Equal(0, kms.Calls);
    }
}
