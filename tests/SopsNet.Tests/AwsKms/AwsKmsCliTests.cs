using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.AwsKms;

/// <summary>The CLI with AWS KMS keys, against the in-process fake KMS through the real AWS SDK.</summary>
public sealed class AwsKmsCliTests
{
    private const string Plain = "password: hunter2\nnested:\n    port: 5432\n";
    private const string Role = "arn:aws:iam::111122223333:role/sops-decrypt";

    private static Dictionary<string, string> Env(FakeKms fake, string? endpoint = null) => new()
    {
        ["AWS_ENDPOINT_URL_KMS"] = endpoint ?? fake.Url,
        ["AWS_ENDPOINT_URL_STS"] = fake.Url,
        ["AWS_ACCESS_KEY_ID"] = FakeKms.AccessKeyId,
        ["AWS_SECRET_ACCESS_KEY"] = FakeKms.SecretAccessKey,
        ["AWS_EC2_METADATA_DISABLED"] = "true",
        ["SOPSNET_KEY_TIMEOUT"] = "8",
    };

    private static async Task<string> EncryptAsync(TempDir dir, Dictionary<string, string> env, params string[] flags)
    {
        dir.Write("secrets.yaml", Plain);
        var run = await CliRun.RunAsync(dir.Path, env, ["encrypt", .. flags, "secrets.yaml"]);
        Assert.True(run.ExitCode == 0, run.ToString());
        return dir.Write("secrets.enc.yaml", run.Stdout);
    }

    [ExternalToolFact(ExternalTool.Python3)]
    public async Task A_file_encrypted_with_kms_decrypts_with_the_cli_and_with_an_independent_reader()
    {
        await using var fake = await FakeKms.StartAsync();
        using var dir = new TempDir();
        var encrypted = await EncryptAsync(dir, Env(fake), "--kms", FakeKms.Arn, "--encryption-context", "app:web,env:prod");
        var text = File.ReadAllText(encrypted);
        Assert.Contains($"arn: {FakeKms.Arn}", text);
        Assert.Contains("app: web", text);
        Assert.Contains("aws_profile: \"\"", text);
        Assert.DoesNotContain("hunter2", text);

        var decrypted = await CliRun.RunAsync(dir.Path, Env(fake), "decrypt", "secrets.enc.yaml");
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        Assert.Equal(Plain, decrypted.Stdout);

        // The second reader opens enc through the same KMS with its own SigV4 client, then decrypts
        // every value and checks the MAC with that data key (exit 0 only if the MAC matches).
        var reader = External.Run("python3", [TestPaths.Repo("tests/interop/sops_reader.py"), encrypted, "--kms-endpoint", fake.Url],
            env: new Dictionary<string, string> { ["AWS_ACCESS_KEY_ID"] = FakeKms.AccessKeyId, ["AWS_SECRET_ACCESS_KEY"] = FakeKms.SecretAccessKey });
        Assert.True(reader.ExitCode == 0, reader.Stderr);
        using var json = JsonDocument.Parse(reader.StdoutText);
        Assert.Equal("hunter2", json.RootElement[0].GetProperty("password").GetString());
        Assert.Equal(5432, json.RootElement[0].GetProperty("nested").GetProperty("port").GetInt32());
        Assert.Equal(1, fake.Encrypts);
        Assert.Equal(2, fake.Decrypts); // the CLI once, the reader once
    }

    [Fact]
    public async Task Keys_come_from_sops_kms_arn_and_from_creation_rules_with_profiles_roles_and_contexts()
    {
        await using var fake = await FakeKms.StartAsync();
        using var dir = new TempDir();
        var env = Env(fake);
        env["SOPS_KMS_ARN"] = FakeKms.Arn;
        await EncryptAsync(dir, env);
        Assert.Contains($"arn: {FakeKms.Arn}", File.ReadAllText(dir.File("secrets.enc.yaml")));

        dir.Write(".sops.yaml", $"""
            creation_rules:
              - path_regex: ^flat
                kms: {FakeKms.Arn}
                aws_profile: ci
              - key_groups:
                  - kms:
                      - arn: {FakeKms.Arn}
                        role: {Role}
                        context:
                          team: payments
            """);
        // The profile's credentials come from the shared credentials file under HOME, not from env.
        dir.Write(".test-home/.aws/credentials", $"[ci]\naws_access_key_id = {FakeKms.AccessKeyId}\naws_secret_access_key = {FakeKms.SecretAccessKey}\n");
        var noKeys = Env(fake);
        noKeys.Remove("AWS_ACCESS_KEY_ID");
        noKeys.Remove("AWS_SECRET_ACCESS_KEY");
        dir.Write("flat.yaml", Plain);
        var flat = await CliRun.RunAsync(dir.Path, noKeys, "encrypt", "flat.yaml");
        Assert.True(flat.ExitCode == 0, flat.ToString());
        Assert.Contains("aws_profile: ci", flat.Stdout);
        dir.Write("flat.enc.yaml", flat.Stdout);
        Assert.Equal(Plain, (await CliRun.RunAsync(dir.Path, noKeys, "decrypt", "flat.enc.yaml")).Stdout);

        dir.Write("grouped.yaml", Plain);
        var grouped = await CliRun.RunAsync(dir.Path, Env(fake), "encrypt", "grouped.yaml");
        Assert.True(grouped.ExitCode == 0, grouped.ToString());
        Assert.Contains($"role: {Role}", grouped.Stdout);
        Assert.Contains("team: payments", grouped.Stdout);
        Assert.Equal(Role, fake.AssumedRoles.Single().Role);
        Assert.StartsWith("sops@", fake.AssumedRoles.Single().Session);
    }

    [Fact]
    public async Task Rotate_adds_and_removes_kms_keys()
    {
        await using var fake = await FakeKms.StartAsync();
        using var dir = new TempDir();
        var recipient = File.ReadLines(TestPaths.DemoKey).First(l => l.StartsWith("# public key: ", StringComparison.Ordinal))[14..];
        var env = Env(fake);
        env["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey;
        await EncryptAsync(dir, env, "--age", recipient);

        var added = await CliRun.RunAsync(dir.Path, env, "rotate", "-i", "--add-kms", FakeKms.Arn + "+" + Role, "--encryption-context", "a:b", "secrets.enc.yaml");
        Assert.True(added.ExitCode == 0, added.ToString());
        var text = File.ReadAllText(dir.File("secrets.enc.yaml"));
        Assert.Contains($"role: {Role}", text);

        var kmsOnly = Env(fake);
        Assert.Equal(Plain, (await CliRun.RunAsync(dir.Path, kmsOnly, "decrypt", "secrets.enc.yaml")).Stdout);

        var removed = await CliRun.RunAsync(dir.Path, env, "rotate", "-i", "--rm-kms", FakeKms.Arn + "+" + Role, "secrets.enc.yaml");
        Assert.True(removed.ExitCode == 0, removed.ToString());
        Assert.DoesNotContain("kms:", File.ReadAllText(dir.File("secrets.enc.yaml")));
    }

    [Fact]
    public async Task Kms_is_not_contacted_when_an_earlier_key_opens_the_file()
    {
        await using var fake = await FakeKms.StartAsync();
        using var dir = new TempDir();
        var recipient = File.ReadLines(TestPaths.DemoKey).First(l => l.StartsWith("# public key: ", StringComparison.Ordinal))[14..];
        await EncryptAsync(dir, Env(fake), "--age", recipient, "--kms", FakeKms.Arn);

        var env = Env(fake, endpoint: "http://127.0.0.1:1");
        env["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey;
        var run = await CliRun.RunAsync(dir.Path, env, "decrypt", "secrets.enc.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(0, fake.Decrypts);
    }

    [Fact]
    public async Task Two_hundred_files_sharing_one_wrapped_key_make_one_kms_call()
    {
        await using var fake = await FakeKms.StartAsync();
        using var dir = new TempDir();
        await EncryptAsync(dir, Env(fake), "--kms", FakeKms.Arn);
        for (var i = 0; i < 200; i++)
        {
            // --reuse-from keeps the data key and its kms entry, as files written from one template do.
            dir.Write($"f{i}.yaml", $"value: {i}\n");
            var made = await CliRun.RunAsync(dir.Path, Env(fake), "encrypt", "--reuse-from", "secrets.enc.yaml", "--output", $"f{i}.enc.yaml", $"f{i}.yaml");
            Assert.True(made.ExitCode == 0, made.ToString());
        }

        for (var i = 0; i < 200; i++)
        {
            Assert.Equal($"value: {i}\n", (await CliRun.RunAsync(dir.Path, Env(fake), "decrypt", $"f{i}.enc.yaml")).Stdout);
        }

        Assert.Equal(1, fake.Decrypts);
    }

    [Theory]
    [InlineData("app")]
    [InlineData("app:web,env")]
    [InlineData("a:b:c")]
    public async Task A_malformed_encryption_context_exits_6(string context)
    {
        await using var fake = await FakeKms.StartAsync();
        using var dir = new TempDir();
        dir.Write("secrets.yaml", Plain);
        var run = await CliRun.RunAsync(dir.Path, Env(fake), "encrypt", "--kms", FakeKms.Arn, "--encryption-context", context, "secrets.yaml");
        Assert.Equal(6, run.ExitCode);
        Assert.Contains("--encryption-context", run.Stderr);
        Assert.Equal(0, fake.Encrypts);
    }

    [Theory]
    [InlineData("no credentials", "no aws credentials")]
    [InlineData("access denied", "access denied (AccessDeniedException)")]
    [InlineData("unreachable", "cannot reach the endpoint")]
    [InlineData("wrong context", "wrong encryption context")]
    [InlineData("throttling", "throttled by kms even after the sdk's retries")]
    [InlineData("timeout", "no answer within 3 s")]
    public async Task Each_failure_is_one_clear_line_and_exit_128_within_the_timeout(string failure, string expected)
    {
        await using var fake = await FakeKms.StartAsync();
        using var dir = new TempDir();
        var encrypted = await EncryptAsync(dir, Env(fake), "--kms", FakeKms.Arn, "--encryption-context", "app:web");
        var env = Env(fake);
        env["SOPSNET_KEY_TIMEOUT"] = "3";
        var endpoint = fake.Url;
        switch (failure)
        {
            case "no credentials":
                env.Remove("AWS_ACCESS_KEY_ID");
                env.Remove("AWS_SECRET_ACCESS_KEY");
                break;
            case "access denied":
                fake.FailWith = "AccessDeniedException";
                break;
            case "unreachable":
                endpoint = $"http://127.0.0.1:{ClosedPort()}";
                env["AWS_ENDPOINT_URL_KMS"] = endpoint;
                break;
            case "wrong context":
                File.WriteAllText(encrypted, File.ReadAllText(encrypted).Replace("app: web", "app: api", StringComparison.Ordinal));
                break;
            case "throttling":
                fake.FailWith = "ThrottlingException";
                break;
            case "timeout":
                fake.Delay = TimeSpan.FromSeconds(30);
                break;
        }

        var started = Stopwatch.StartNew();
        var run = await CliRun.RunAsync(dir.Path, env, "decrypt", "secrets.enc.yaml");

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(5), started.Elapsed.ToString());
        Assert.True(run.ExitCode == 128, run.ToString());
        var line = Assert.Single(run.Stderr.TrimEnd('\n').Split('\n'));
        Assert.Contains(expected, line);
        Assert.Contains(FakeKms.Arn, line);
        Assert.Contains($"(endpoint {endpoint}", line);
        Assert.DoesNotContain("hunter2", line);
        Assert.Equal(failure == "throttling" ? 3 : failure is "no credentials" or "unreachable" ? 0 : 1, fake.Decrypts);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
