using SopsNet.Tests.Support;
using System.Security.Cryptography;
using SopsNet.Age;

namespace SopsNet.Tests.Age;

/// <summary>Passphrase-protected OpenSSH keys made by ssh-keygen -N, opened through the host's prompt.</summary>
public sealed class EncryptedSshKeyTests : IDisposable
{
    private const string Passphrase = "correct horse 7";
    private readonly TempKeys keys = new();
    private readonly List<string> prompts = [];

    public void Dispose() => keys.Dispose();

    private AgeHost Answering(string? passphrase) => new()
    {
        RequestValue = (prompt, secret) =>
        {
            Assert.True(secret);
            prompts.Add(prompt);
            return passphrase;
        },
    };

    [ExternalToolTheory(ExternalTool.SshKeygen)]
    [InlineData("ed25519", null)]
    [InlineData("rsa", null)]
    [InlineData("ed25519", "aes256-gcm@openssh.com")]
    [InlineData("rsa", "aes256-gcm@openssh.com")]
    [InlineData("ed25519", "aes128-ctr")]
    public void OpensWithThePassphraseAskedOnce(string type, string? cipher)
    {
        var (file, publicLine) = keys.SshKey(type, "id_" + type, Passphrase, cipher);
        var identity = AgeIdentities.ParseSshPrivateKey(File.ReadAllText(file), file, Answering(Passphrase));
        var first = RandomNumberGenerator.GetBytes(32);
        var second = RandomNumberGenerator.GetBytes(32);

        Assert.Equal(first, AgeFile.Decrypt(AgeFile.EncryptArmored(first, [AgeRecipients.Parse(publicLine)]), [identity]));
        Assert.Equal(second, AgeFile.Decrypt(AgeFile.EncryptArmored(second, [AgeRecipients.Parse(publicLine)]), [identity]));

        Assert.Equal([$"Enter passphrase for \"{file}\":"], prompts);
    }

    [ExternalToolFact(ExternalTool.SshKeygen)]
    public void AWrongPassphraseSaysSoAndIsAskedAgainNextTime()
    {
        var (file, publicLine) = keys.SshKey("ed25519", "id_ed25519", Passphrase);
        var identity = AgeIdentities.ParseSshPrivateKey(File.ReadAllText(file), file, Answering("wrong"));
        var sealedFile = AgeFile.Encrypt("data"u8, [AgeRecipients.Parse(publicLine)]);

        var ex = Assert.Throws<AgeException>(() => AgeFile.Decrypt(sealedFile, [identity]));
        Assert.Throws<AgeException>(() => AgeFile.Decrypt(sealedFile, [identity]));

        Assert.Equal($"age: incorrect passphrase for ssh private key {file}", ex.Message);
        Assert.Equal(2, prompts.Count);
    }

    [ExternalToolTheory(ExternalTool.SshKeygen)]
    [InlineData(null)]
    [InlineData("aes256-gcm@openssh.com")]
    public void AWrongPassphraseForRsaIsCaughtToo(string? cipher)
    {
        var (file, publicLine) = keys.SshKey("rsa", "id_rsa", Passphrase, cipher);
        var identity = AgeIdentities.ParseSshPrivateKey(File.ReadAllText(file), file, Answering("correct horse 8"));

        var ex = Assert.Throws<AgeException>(() => AgeFile.Decrypt(AgeFile.Encrypt("data"u8, [AgeRecipients.Parse(publicLine)]), [identity]));

        Assert.Contains("incorrect passphrase", ex.Message);
    }

    [ExternalToolFact(ExternalTool.SshKeygen)]
    public void NoPassphraseIsAskedForAFileMeantForAnotherKey()
    {
        var (file, _) = keys.SshKey("ed25519", "id_ed25519", Passphrase);
        var (_, otherLine) = keys.SshKey("ed25519", "id_other");
        var identity = AgeIdentities.ParseSshPrivateKey(File.ReadAllText(file), file, Answering(Passphrase));

        Assert.Throws<AgeNoIdentityMatchedException>(() => AgeFile.Decrypt(AgeFile.Encrypt("data"u8, [AgeRecipients.Parse(otherLine)]), [identity]));

        Assert.Empty(prompts);
    }

    [ExternalToolFact(ExternalTool.SshKeygen)]
    public void WithNobodyToAskTheErrorNamesTheKeyAndSshAskpass()
    {
        var (file, publicLine) = keys.SshKey("ed25519", "id_ed25519", Passphrase);
        var identity = AgeIdentities.ParseSshPrivateKey(File.ReadAllText(file), file, AgeHost.None);

        var ex = Assert.Throws<AgeException>(() => AgeFile.Decrypt(AgeFile.Encrypt("data"u8, [AgeRecipients.Parse(publicLine)]), [identity]));

        Assert.Contains($"ssh private key {file} is passphrase-protected and no passphrase was given", ex.Message);
        Assert.Contains("SSH_ASKPASS", ex.Message);
    }
}
