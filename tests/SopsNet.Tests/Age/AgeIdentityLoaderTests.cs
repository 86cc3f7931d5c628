using SopsNet.Tests.Support;
using System.Runtime.InteropServices;
using SopsNet.Age;
using Xunit;

namespace SopsNet.Tests.Age;

public sealed class AgeIdentityLoaderTests : IDisposable
{
    private readonly TempKeys keys = new();

    public void Dispose() => keys.Dispose();

    private static string SecretOf(string keyFile) =>
        File.ReadAllLines(keyFile).Single(l => l.StartsWith("AGE-SECRET-KEY-1", StringComparison.Ordinal));

    private static byte[] EncryptTo(string recipient) => AgeFile.Encrypt("data"u8, [AgeRecipients.Parse(recipient)]);

    [ExternalToolFact(ExternalTool.Age)]
    public void SopsAgeKeyAcceptsSeveralKeysPerLine()
    {
        var a = keys.AgeKey("a.txt");
        var b = keys.AgeKey("b.txt");
        var c = keys.AgeKey("c.txt");

        var result = AgeIdentityLoader.Load(new AgeIdentitySources { Key = $"{SecretOf(a.File)} \t{SecretOf(b.File)}\n\n{SecretOf(c.File)}\n" });

        Assert.Empty(result.Errors);
        Assert.Equal([a.Recipient, b.Recipient, c.Recipient], result.Identities.Select(i => i.Description));
        Assert.Equal("data"u8.ToArray(), AgeFile.Decrypt(EncryptTo(b.Recipient), result.Identities));
    }

    [ExternalToolFact(ExternalTool.Age)]
    public void KeyFileSkipsCommentsAndBlankLines()
    {
        var a = keys.AgeKey("a.txt");
        var b = keys.AgeKey("b.txt");
        var file = keys.Path("keys.txt");
        File.WriteAllText(file, File.ReadAllText(a.File) + "\n# another key\n\n   \n" + File.ReadAllText(b.File));

        var result = AgeIdentityLoader.Load(new AgeIdentitySources { KeyFile = file });

        Assert.Empty(result.Errors);
        Assert.Equal([a.Recipient, b.Recipient], result.Identities.Select(i => i.Description));
    }

    [ExternalToolFact(ExternalTool.Age)]
    public void KeyCommandOutputIsUsedAndQuotingIsHonoured()
    {
        Directory.CreateDirectory(keys.Path("dir with space"));
        var a = keys.AgeKey(Path.Combine("dir with space", "k.txt"));

        var result = AgeIdentityLoader.Load(new AgeIdentitySources { KeyCommand = $"cat '{a.File}'" });

        Assert.Empty(result.Errors);
        Assert.Equal(a.Recipient, Assert.Single(result.Identities).Description);
    }

    [Fact]
    public void KeyCommandsGetTheRecipientAsSopsAgeRecipient()
    {
        var seen = keys.Path("seen.txt");

        AgeIdentityLoader.Load(new AgeIdentitySources
        {
            KeyCommand = $"sh -c 'printf \"%s\\n\" \"$SOPS_AGE_RECIPIENT\" >> {seen}'",
            SshPrivateKeyCommand = $"sh -c 'printf \"ssh %s\\n\" \"$SOPS_AGE_RECIPIENT\" >> {seen}'",
            Recipient = "age1recipient",
        });

        Assert.Equal(["ssh age1recipient", "age1recipient"], File.ReadAllLines(seen));
    }

    [Fact]
    public void FailingKeyCommandIsAnErrorNamingTheVariable()
    {
        var result = AgeIdentityLoader.Load(new AgeIdentitySources { KeyCommand = "false" });

        Assert.Empty(result.Identities);
        Assert.Equal("SOPS_AGE_KEY_CMD command \"false\" failed with exit code 1", Assert.Single(result.Errors));
    }

    [ExternalToolFact(ExternalTool.Age)]
    public void MissingNamedFileIsAnErrorButOtherSourcesStillWork()
    {
        var a = keys.AgeKey();
        var missing = keys.Path("nope.txt");

        var result = AgeIdentityLoader.Load(new AgeIdentitySources { KeyFile = missing, Key = SecretOf(a.File) });

        Assert.Equal($"cannot read SOPS_AGE_KEY_FILE file {missing}: no such file", Assert.Single(result.Errors));
        Assert.Equal(a.Recipient, Assert.Single(result.Identities).Description);
    }

    [Fact]
    public void MissingSshKeyFileIsAnErrorNamingTheVariable()
    {
        var missing = keys.Path("id_missing");

        var result = AgeIdentityLoader.Load(new AgeIdentitySources { SshPrivateKeyFile = missing });

        Assert.Equal($"cannot read SOPS_AGE_SSH_PRIVATE_KEY_FILE file {missing}: no such file", Assert.Single(result.Errors));
    }

    [ExternalToolFact(ExternalTool.SshKeygen)]
    public void AbsentDefaultFilesAreSkippedAndPresentOnesRead()
    {
        var ssh = keys.SshKey("ed25519", "id_ed25519");
        var absentDefault = keys.Path("config/sops/age/keys.txt");
        var absentRsa = keys.Path("id_rsa");

        var result = AgeIdentityLoader.Load(new AgeIdentitySources { DefaultKeyFile = absentDefault, DefaultSshKeyFiles = [ssh.File, absentRsa] });

        Assert.Empty(result.Errors);
        Assert.Contains(absentDefault, result.NotFound);
        Assert.Contains(absentRsa, result.NotFound);
        var identity = Assert.Single(result.Identities);
        Assert.Equal("data"u8.ToArray(), AgeFile.Decrypt(EncryptTo(ssh.PublicLine), [identity]));
    }

    [ExternalToolFact(ExternalTool.Age)]
    public void DefaultKeyFileIsReadEvenWhenVariablesAreSet()
    {
        var a = keys.AgeKey("default.txt");
        var b = keys.AgeKey("named.txt");

        var result = AgeIdentityLoader.Load(new AgeIdentitySources { KeyFile = b.File, DefaultKeyFile = a.File });

        Assert.Equal([b.Recipient, a.Recipient], result.Identities.Select(i => i.Description));
    }

    [ExternalToolFact(ExternalTool.SshKeygen)]
    public void SshKeyCommandOutputIsUsed()
    {
        var rsa = keys.SshKey("rsa", "id_rsa");

        var result = AgeIdentityLoader.Load(new AgeIdentitySources { SshPrivateKeyCommand = $"cat {rsa.File}" });

        Assert.Empty(result.Errors);
        Assert.Equal("data"u8.ToArray(), AgeFile.Decrypt(EncryptTo(rsa.PublicLine), result.Identities));
    }

    [Fact]
    public void MalformedIdentityNamesTheLineNotTheKey()
    {
        var file = keys.Path("bad.txt");
        File.WriteAllText(file, "# comment\nAGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n");

        var result = AgeIdentityLoader.Load(new AgeIdentitySources { KeyFile = file });

        var error = Assert.Single(result.Errors);
        Assert.Contains($"{file} line 2", error);
        Assert.DoesNotContain("QQQQ", error);
    }

    [Fact]
    public void PassphraseProtectedKeyFileAsksThroughTheCallback()
    {
        var path = TestPaths.Corpus("keys/age-test-identity.passphrase-protected.age");

        var result = AgeIdentityLoader.Load(new AgeIdentitySources { KeyFile = path }, new AgeHost { RequestValue = (_, _) => "passphrase" });

        Assert.Equal("age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun", Assert.Single(result.Identities).Description);
    }

    [ExternalToolFact(ExternalTool.SshKeygen)]
    public void PassphraseProtectedSshKeyAsksTheHostWhenAFileNeedsIt()
    {
        var file = keys.Path("id_protected");
        TempKeys.Run("ssh-keygen", "-q", "-t", "ed25519", "-N", "secret", "-f", file);
        var sealedFile = EncryptTo(File.ReadAllText(file + ".pub"));
        var asked = 0;

        var result = AgeIdentityLoader.Load(
            new AgeIdentitySources { SshPrivateKeyFile = file },
            new AgeHost { RequestValue = (_, _) => { asked++; return "secret"; } });

        var identity = Assert.Single(result.Identities);
        Assert.Equal(0, asked);
        Assert.Equal("data"u8.ToArray(), AgeFile.Decrypt(sealedFile, [identity]));
        Assert.Equal(1, asked);
    }

    [Theory]
    [InlineData("linux", "/xdg", "/home/u", null, "/xdg/sops/age/keys.txt")]
    [InlineData("linux", null, "/home/u", null, "/home/u/.config/sops/age/keys.txt")]
    [InlineData("linux", "", "/home/u", null, "/home/u/.config/sops/age/keys.txt")]
    [InlineData("linux", "relative", "/home/u", null, null)]
    [InlineData("linux", null, null, null, null)]
    [InlineData("macos", "/xdg", "/Users/u", null, "/xdg/sops/age/keys.txt")]
    [InlineData("macos", null, "/Users/u", null, "/Users/u/Library/Application Support/sops/age/keys.txt")]
    [InlineData("windows", "/xdg", "/home/u", "/appdata", "/appdata/sops/age/keys.txt")]
    [InlineData("windows", null, "/home/u", null, null)]
    public void DefaultKeyFilePathFollowsSops(string os, string? xdg, string? home, string? appData, string? expected)
    {
        var platform = os switch { "linux" => OSPlatform.Linux, "macos" => OSPlatform.OSX, _ => OSPlatform.Windows };

        Assert.Equal(expected, AgeIdentitySources.DefaultKeyFilePath(home, xdg, appData, platform));
    }

    [Fact]
    public void ForUserListsTheDefaultSshKeys()
    {
        var sources = AgeIdentitySources.ForUser("/home/u", null, null, OSPlatform.Linux);

        Assert.Equal(["/home/u/.ssh/id_ed25519", "/home/u/.ssh/id_rsa"], sources.DefaultSshKeyFiles);
        Assert.Equal("/home/u/.config/sops/age/keys.txt", sources.DefaultKeyFile);
        Assert.Null(sources.KeyFile);
    }
}
