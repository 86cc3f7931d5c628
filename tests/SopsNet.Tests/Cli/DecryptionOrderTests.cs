using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>A key type listed twice in the decryption order is refused with sops's exit code 112, from the flag or the environment.</summary>
public sealed class DecryptionOrderTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("flag")]
    [InlineData("environment")]
    public async Task A_key_type_listed_twice_fails_with_112_before_anything_is_decrypted(string where)
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "order.yaml", CliKit.Bytes("db:\n    password: order-secret\n"));
        var env = CliKit.DemoKeyEnv();
        string[] args = ["decrypt", encrypted];
        if (where == "flag")
        {
            args = ["decrypt", "--decryption-order", "age,pgp,age", encrypted];
        }
        else
        {
            env["SOPS_DECRYPTION_ORDER"] = "age,pgp,age";
        }

        var run = await CliRun.RunAsync(dir.Path, env, args);

        Assert.True(run.ExitCode == 112, run.ToString());
        Assert.Empty(run.StdoutBytes);
        Assert.Contains("'age' is listed twice", run.Stderr);
        Assert.DoesNotContain("order-secret", run.Stderr);
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--decryption-order", "pgp,age", encrypted)).ExitCode);
    }

    /// <summary>check decrypts each file to verify its mac, so it takes the decryption order as every command that decrypts does (it read only the environment).</summary>
    [Fact]
    public async Task Check_takes_the_decryption_order_flag_too()
    {
        await CliKit.EncryptForDemoAsync(dir, "order.yaml", CliKit.Bytes("db:\n    password: order-secret\n"));
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: enc\\.order\\.yaml$\n    age: {TestPaths.DemoRecipient}\n");

        var refused = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "check", "--decryption-order", "age,pgp,age", "enc.order.yaml");
        var checkedInOrder = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "check", "--decryption-order", "pgp,age", "enc.order.yaml");

        Assert.True(refused.ExitCode == 1, refused.ToString());
        Assert.Contains("'age' is listed twice", refused.Stderr);
        Assert.Empty(refused.StdoutBytes);
        Assert.True(checkedInOrder.ExitCode == 0, checkedInOrder.ToString());
        Assert.Equal("enc.order.yaml: ok\n", checkedInOrder.Stdout);
    }
}
