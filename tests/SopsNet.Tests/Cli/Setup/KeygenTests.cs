using System.Text.RegularExpressions;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Setup;

/// <summary><c>sopsnet keygen</c>: an age identity file the real age reads, made without age-keygen.</summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed partial class KeygenTests
{
    [ExternalToolFact(ExternalTool.Age)]
    public async Task TheKeyFileIsAgeKeygensFormatOwnerOnlyAndTheRealAgeDecryptsWithIt()
    {
        using var dir = new TempDir();
        var run = await CliRun.RunAsync(dir.Path, null, "keygen", "-o", "key.txt");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Empty(run.StdoutBytes);

        var text = File.ReadAllText(dir.File("key.txt"));
        var match = KeyFileFormat().Match(text);
        Assert.True(match.Success, text);
        var recipient = match.Groups["recipient"].Value;
        Assert.Equal($"Public key: {recipient}\n", run.Stderr);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(dir.File("key.txt")));

        // age itself derives the same recipient and opens a file encrypted to it.
        Assert.Equal(recipient, External.Run("age-keygen", ["-y", "key.txt"], cwd: dir.Path).StdoutText.Trim());
        var encrypted = External.Run("age", ["-e", "-r", recipient], CliKit.Bytes("hello from keygen\n"), cwd: dir.Path);
        Assert.Equal(0, encrypted.ExitCode);
        var decrypted = External.Run("age", ["-d", "-i", "key.txt"], encrypted.Stdout, cwd: dir.Path);
        Assert.True(decrypted.ExitCode == 0, decrypted.Stderr);
        Assert.Equal("hello from keygen\n", decrypted.StdoutText);
    }

    [Fact]
    public async Task WithoutOutputTheKeyGoesToStdoutAndSopsnetDecryptsWithIt()
    {
        using var dir = new TempDir();
        var run = await CliRun.RunAsync(dir.Path, null, "keygen");
        Assert.True(run.ExitCode == 0, run.ToString());
        var match = KeyFileFormat().Match(run.Stdout);
        Assert.True(match.Success, run.Stdout);
        Assert.Equal($"Public key: {match.Groups["recipient"].Value}\n", run.Stderr);

        dir.Write("plain.yaml", "token: from-keygen-1234\n");
        var enc = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", match.Groups["recipient"].Value, "plain.yaml");
        Assert.True(enc.ExitCode == 0, enc.ToString());
        await File.WriteAllBytesAsync(dir.File("enc.yaml"), enc.StdoutBytes);
        var dec = await CliRun.RunAsync(dir.Path, new Dictionary<string, string> { ["SOPS_AGE_KEY"] = run.Stdout }, "decrypt", "enc.yaml");
        Assert.True(dec.ExitCode == 0, dec.ToString());
        Assert.Equal("token: from-keygen-1234\n", dec.Stdout);
    }

    [Fact]
    public async Task AnExistingFileIsNeverOverwritten()
    {
        using var dir = new TempDir();
        dir.Write("key.txt", "AGE-SECRET-KEY-1 the old key stays\n");
        var run = await CliRun.RunAsync(dir.Path, null, "keygen", "-o", "key.txt");
        CliKit.AssertFailure(run, 3, dir.File("key.txt"));
        Assert.Contains("already exists", run.Stderr);
        Assert.Equal("AGE-SECRET-KEY-1 the old key stays\n", File.ReadAllText(dir.File("key.txt")));
    }

    [GeneratedRegex(@"\A# created: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)\n# public key: (?<recipient>age1[02-9ac-hj-np-z]{58})\nAGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}\n\z")]
    private static partial Regex KeyFileFormat();
}
