using SopsNet.Tests.Support;
using Xunit;
using System.Text;
using SopsNet.Age;

namespace SopsNet.Tests.Age;

public sealed class AgeCorpusTests
{
    private const string TestRecipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";

    private static string Read(string name) => File.ReadAllText(TestPaths.Corpus("keys/" + name));

    [Fact]
    public void X25519VectorDecryptsWithTheTestIdentity()
    {
        var identities = AgeIdentities.ParseKeyFile(Read("age-test-identity.txt"), "age-test-identity.txt");

        var plaintext = AgeFile.Decrypt(Read("age-vector-x25519.age"), identities);

        Assert.Equal("data", Encoding.ASCII.GetString(plaintext));
    }

    [Fact]
    public void TestIdentityHasTheDocumentedRecipient()
    {
        var identity = Assert.IsType<X25519Identity>(Assert.Single(AgeIdentities.ParseKeyFile(Read("age-test-identity.txt"), "t")));

        Assert.Equal(TestRecipient, identity.Recipient.Text);
        Assert.Equal(Read("age-test-identity.txt").Trim(), identity.ToSecretString());
    }

    [Fact]
    public void SshEd25519VectorDecryptsWithTheTestSshKey()
    {
        var identity = AgeIdentities.ParseSshPrivateKey(Read("age-test-ssh-identity"), "age-test-ssh-identity");

        var plaintext = AgeFile.Decrypt(Read("age-vector-ssh-ed25519.age"), [identity]);

        Assert.Equal("data", Encoding.ASCII.GetString(plaintext));
    }

    [Fact]
    public void PassphraseProtectedIdentityFileYieldsTheX25519Identity()
    {
        string? asked = null;
        var identities = AgeIdentities.ParseKeyFile(
            Read("age-test-identity.passphrase-protected.age"), "protected.age", new AgeHost { RequestValue = (prompt, _) => { asked = prompt; return "passphrase"; } });

        var identity = Assert.IsType<X25519Identity>(Assert.Single(identities));
        Assert.Equal(TestRecipient, identity.Recipient.Text);
        Assert.Equal("Enter passphrase for identity file \"protected.age\":", asked);
        Assert.Equal("data", Encoding.ASCII.GetString(AgeFile.Decrypt(Read("age-vector-x25519.age"), identities)));
    }

    [Fact]
    public void WrongPassphraseIsReportedAsSuch()
    {
        var ex = Assert.Throws<AgeException>(() =>
            AgeIdentities.ParseKeyFile(Read("age-test-identity.passphrase-protected.age"), "protected.age", new AgeHost { RequestValue = (_, _) => "wrong" }));

        Assert.Contains("incorrect passphrase", ex.Message);
    }

    [Fact]
    public void MissingPassphraseIsReportedAsSuch()
    {
        var ex = Assert.Throws<AgeException>(() =>
            AgeIdentities.ParseKeyFile(Read("age-test-identity.passphrase-protected.age"), "protected.age", AgeHost.None));

        Assert.Contains("passphrase-protected", ex.Message);
    }

    [Fact]
    public void SshVectorDoesNotOpenWithTheX25519Identity()
    {
        var identities = AgeIdentities.ParseKeyFile(Read("age-test-identity.txt"), "age-test-identity.txt");

        var ex = Assert.Throws<AgeNoIdentityMatchedException>(() => AgeFile.Decrypt(Read("age-vector-ssh-ed25519.age"), identities));

        Assert.Equal(["ssh-ed25519"], ex.StanzaTypes);
        Assert.Contains(TestRecipient, ex.Message);
        Assert.DoesNotContain("AGE-SECRET-KEY", ex.Message);
    }

    [Fact]
    public void HybridPqIdentityIsRecognisedButNotUsable()
    {
        var identities = AgeIdentities.ParseKeyFile(Read("age-test-hybrid-pq-identity.txt"), "pq.txt");

        var only = Assert.Single(identities);
        Assert.Contains("post-quantum", only.Description);
        Assert.DoesNotContain("AGE-SECRET-KEY", only.Description);
    }
}
