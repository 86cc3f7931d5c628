using System.Security.Cryptography;
using SopsNet.Age;
using Xunit;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Age;

/// <summary>Interop with the real age 1.x CLI, both directions, for every recipient kind.</summary>
public sealed class AgeInteropTests : IDisposable
{
    private readonly TempKeys keys = new();

    public void Dispose() => keys.Dispose();

    private (string KeyFile, string Recipient) KeyOf(string kind) => kind switch
    {
        "x25519" => keys.AgeKey(),
        "ssh-ed25519" => keys.SshKey("ed25519", "id_ed25519"),
        "ssh-rsa" => keys.SshKey("rsa", "id_rsa"),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    private static IReadOnlyList<IAgeIdentity> IdentitiesOf(string kind, string keyFile) => kind == "x25519"
        ? AgeIdentities.ParseKeyFile(File.ReadAllText(keyFile), keyFile)
        : [AgeIdentities.ParseSshPrivateKey(File.ReadAllText(keyFile), keyFile)];

    [ExternalToolTheory(ExternalTool.Age, ExternalTool.SshKeygen)]
    [InlineData("x25519")]
    [InlineData("ssh-ed25519")]
    [InlineData("ssh-rsa")]
    public void AgeCliDecryptsWhatWeWrite(string kind)
    {
        var (keyFile, recipient) = KeyOf(kind);
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var armored = AgeFile.EncryptArmored(dataKey, [AgeRecipients.Parse(recipient)]);
        var encFile = keys.Path("enc.age");
        File.WriteAllText(encFile, armored);

        TempKeys.Run("age", "-d", "-i", keyFile, "-o", keys.Path("out"), encFile);

        Assert.Equal(dataKey, File.ReadAllBytes(keys.Path("out")));
        Assert.StartsWith("-----BEGIN AGE ENCRYPTED FILE-----\n", armored);
        Assert.EndsWith("\n-----END AGE ENCRYPTED FILE-----\n", armored);
    }

    [ExternalToolTheory(ExternalTool.Age, ExternalTool.SshKeygen)]
    [InlineData("x25519")]
    [InlineData("ssh-ed25519")]
    [InlineData("ssh-rsa")]
    public void WeDecryptWhatAgeCliWrites(string kind)
    {
        var (keyFile, recipient) = KeyOf(kind);
        var dataKey = RandomNumberGenerator.GetBytes(33);
        var recipientArgs = kind == "x25519" ? new[] { "-r", recipient } : ["-R", keyFile + ".pub"];
        var encFile = keys.Path("enc.age");
        TempKeys.RunWithInput("age", dataKey, ["-e", "-a", .. recipientArgs, "-o", encFile]);

        var decrypted = AgeFile.Decrypt(File.ReadAllText(encFile), IdentitiesOf(kind, keyFile));

        Assert.Equal(dataKey, decrypted);
    }

    [ExternalToolFact(ExternalTool.Age, ExternalTool.SshKeygen)]
    public void SeveralRecipientsEachOpenTheSameFile()
    {
        var age = keys.AgeKey();
        var ed = keys.SshKey("ed25519", "id_ed25519");
        var rsa = keys.SshKey("rsa", "id_rsa");
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var encFile = keys.Path("enc.age");
        File.WriteAllText(encFile, AgeFile.EncryptArmored(
            dataKey, [AgeRecipients.Parse(age.Recipient), AgeRecipients.Parse(ed.PublicLine), AgeRecipients.Parse(rsa.PublicLine)]));

        foreach (var key in new[] { age.File, ed.File, rsa.File })
        {
            TempKeys.Run("age", "-d", "-i", key, "-o", keys.Path("out"), encFile);
            Assert.Equal(dataKey, File.ReadAllBytes(keys.Path("out")));
        }
    }

    [ExternalToolFact(ExternalTool.Age, ExternalTool.SshKeygen)]
    public void EveryIdentityIsTriedAgainstEveryStanza()
    {
        var other = keys.AgeKey("other.txt");
        var mine = keys.SshKey("ed25519", "id_ed25519");
        var encFile = keys.Path("enc.age");
        TempKeys.RunWithInput("age", "data"u8.ToArray(), "-e", "-a", "-r", other.Recipient, "-R", mine.File + ".pub", "-o", encFile);
        var unrelated = X25519Identity.Generate();

        var decrypted = AgeFile.Decrypt(File.ReadAllText(encFile), [unrelated, AgeIdentities.ParseSshPrivateKey(File.ReadAllText(mine.File), mine.File)]);

        Assert.Equal("data"u8.ToArray(), decrypted);
    }

    [ExternalToolTheory(ExternalTool.Age)]
    [InlineData(0)]
    [InlineData(65536)]
    [InlineData(65537)]
    [InlineData(200000)]
    public void ChunkBoundariesMatchAgeCli(int size)
    {
        var (keyFile, recipient) = keys.AgeKey();
        var plaintext = RandomNumberGenerator.GetBytes(size);
        var ours = keys.Path("ours.age");
        File.WriteAllBytes(ours, AgeFile.Encrypt(plaintext, [AgeRecipients.Parse(recipient)]));
        TempKeys.Run("age", "-d", "-i", keyFile, "-o", keys.Path("out"), ours);

        // age opens -o lazily, so an empty plaintext leaves no output file at all.
        Assert.Equal(plaintext, File.Exists(keys.Path("out")) ? File.ReadAllBytes(keys.Path("out")) : []);

        var theirs = keys.Path("theirs.age");
        TempKeys.RunWithInput("age", plaintext, "-e", "-r", recipient, "-o", theirs);
        Assert.Equal(plaintext, AgeFile.Decrypt(File.ReadAllBytes(theirs), IdentitiesOf("x25519", keyFile)));
    }
}
