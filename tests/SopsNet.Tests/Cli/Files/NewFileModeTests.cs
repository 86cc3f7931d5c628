using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Files;

/// <summary>
/// New files honour the umask: plaintext (decrypt --output, exec-file's temp file) is 0600 unless the
/// umask is stricter, an encrypted file is 0666 less the umask. Real processes, since the umask belongs to
/// the process.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class NewFileModeTests
{
    [Theory]
    [InlineData("077", "600", "600")]
    [InlineData("022", "600", "644")]
    [InlineData("277", "400", "400")]
    public async Task New_outputs_get_0600_for_plaintext_and_0666_less_the_umask_when_encrypted(string umask, string plaintextMode, string encryptedMode)
    {
        using var dir = new TempDir();
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "s.yaml", CliKit.Bytes("password: hunter2\n"));

        // One shell runs all three, so the umask is set once; each mode is printed as it is created.
        var script = $"umask {umask}\n" +
            "dotnet \"$0\" decrypt --output plain.yaml \"$1\" && stat -c %a plain.yaml\n" +
            "dotnet \"$0\" encrypt --age \"$2\" --output new.enc.yaml s.yaml && stat -c %a new.enc.yaml\n" +
            "dotnet \"$0\" exec-file --no-fifo \"$1\" 'stat -c %a {}'\n";
        var run = External.Run("/bin/sh", ["-c", script, CliProcess.Dll, encrypted, TestPaths.DemoRecipient],
            env: new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey, ["HOME"] = dir.File(".test-home") }, cwd: dir.Path);

        Assert.True(run.ExitCode == 0, run.Stderr);
        Assert.Equal($"{plaintextMode}\n{encryptedMode}\n{plaintextMode}\n", run.StdoutText);
    }
}
