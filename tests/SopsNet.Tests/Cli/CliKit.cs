using System.Text;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// Small conveniences for the end-to-end CLI tests: the environments a user would set, encrypting a
/// plaintext for the demo key, and the checks every failure must pass (exit code, one line naming the
/// file, nothing on stdout, no secret anywhere, no stack trace).
/// </summary>
public static class CliKit
{
    public static string Fixture(string name) => TestPaths.Repo(Path.Combine("tests", "SopsNet.Tests", "Cli", "Fixtures", name));

    public static Dictionary<string, string> DemoKeyEnv() => new() { ["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey };

    public static Dictionary<string, string> CorpusKeyEnv() => new() { ["SOPS_AGE_KEY_FILE"] = TestPaths.CorpusIdentity };

    public static Task<CliRun> RunAsync(string cwd, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        CliRun.RunAsync(cwd, env, args);

    /// <summary>
    /// Writes <paramref name="plaintext"/> as <paramref name="name"/> in <paramref name="dir"/>, encrypts it for
    /// the demo recipient and writes the result beside it as <c>enc.NAME</c>; returns that path.
    /// </summary>
    public static async Task<string> EncryptForDemoAsync(TempDir dir, string name, byte[] plaintext, params string[] extraArgs)
    {
        var plainPath = dir.File(name);
        await File.WriteAllBytesAsync(plainPath, plaintext);
        var run = await CliRun.RunAsync(dir.Path, null, ["encrypt", "--age", TestPaths.DemoRecipient, .. extraArgs, name]);
        Assert.True(run.ExitCode == 0, $"encrypt {name}: {run}");
        var encPath = dir.File("enc." + name);
        await File.WriteAllBytesAsync(encPath, run.StdoutBytes);
        return encPath;
    }

    public static async Task<byte[]> DecryptWithDemoKeyAsync(string cwd, params string[] args)
    {
        var run = await CliRun.RunAsync(cwd, DemoKeyEnv(), ["decrypt", .. args]);
        Assert.True(run.ExitCode == 0, $"decrypt {string.Join(' ', args)}: {run}");
        return run.StdoutBytes;
    }

    /// <summary>What every failure must look like to a user.</summary>
    public static void AssertFailure(CliRun run, int exitCode, string fileShown, params string[] secrets)
    {
        Assert.True(run.ExitCode == exitCode, $"expected exit {exitCode}, got {run}");
        Assert.Empty(run.StdoutBytes);
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected exactly one line on stderr, got:\n" + run.Stderr);
        Assert.Contains(fileShown, run.Stderr);
        AssertNoStackTrace(run);
        AssertNoSecret(run, secrets);
    }

    public static void AssertNoStackTrace(CliRun run)
    {
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stdout);
    }

    public static void AssertNoSecret(CliRun run, params string[] secrets)
    {
        foreach (var secret in secrets)
        {
            Assert.False(run.Stderr.Contains(secret, StringComparison.Ordinal), $"stderr shows the secret '{secret}': {run.Stderr}");
            Assert.False(run.Stdout.Contains(secret, StringComparison.Ordinal), $"stdout shows the secret '{secret}'");
        }
    }

    public static string Text(byte[] bytes) => Encoding.UTF8.GetString(bytes);

    public static byte[] Bytes(string text) => Encoding.UTF8.GetBytes(text);
}
