using SopsNet.Files;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Files;

/// <summary>The one-call API a .NET application uses.</summary>
public sealed class SopsFileTests
{
    private static readonly string Sample = TestPaths.Repo("samples/secrets.enc.yaml");

    [Fact]
    public async Task DecryptsTheSampleWithTheDemoKeyInOneCall()
    {
        using var home = new TempDir();
        var text = await SopsFile.DecryptAsync(Sample, new SopsFileOptions { Environment = LibraryKeys.Demo(home.Path) });
        Assert.Equal(File.ReadAllText(TestPaths.Repo("samples/secrets.yaml")), text);
    }

    [Fact]
    public async Task ValuesAreFlattenedAsConfigurationPaths()
    {
        using var home = new TempDir();
        var values = await SopsFile.ReadValuesAsync(Sample, new SopsFileOptions { Environment = LibraryKeys.Demo(home.Path) });
        Assert.Equal("correct horse battery staple", values["database:password"]);
        Assert.Equal("5432", values["database:port"]);
        Assert.Equal("https://app.example.com", values["allowed_origins:0"]);
        Assert.Equal("false", values["feature_flags_unencrypted:new_checkout"]);
    }

    [Fact]
    public async Task EncryptsForTheGivenRecipientAndDecryptsBack()
    {
        using var dir = new TempDir();
        var plain = dir.Write("app.json", "{\"db\": {\"password\": \"s3cret-value\"}, \"hosts\": [\"a\", \"b\"]}\n");
        var encrypted = await SopsFile.EncryptAsync(plain, new SopsFileOptions
        {
            Environment = LibraryKeys.None(dir.Path),
            AgeRecipients = [LibraryKeys.DemoRecipient],
        });
        Assert.DoesNotContain("s3cret-value", encrypted, StringComparison.Ordinal);
        dir.Write("app.enc.json", encrypted);

        var values = await SopsFile.ReadValuesAsync(dir.File("app.enc.json"), new SopsFileOptions { Environment = LibraryKeys.Demo(dir.Path) });
        Assert.Equal("s3cret-value", values["db:password"]);
        Assert.Equal("b", values["hosts:1"]);
    }

    [Fact]
    public async Task EncryptUsesTheMatchingCreationRule()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: \\.yaml$\n    encrypted_regex: ^password$\n    age: {LibraryKeys.DemoRecipient}\n");
        var plain = dir.Write("s.yaml", "user: admin\npassword: hunter2\n");
        var encrypted = await SopsFile.EncryptAsync(plain, new SopsFileOptions { Environment = LibraryKeys.None(dir.Path) });
        Assert.StartsWith("user: admin\npassword: ENC[AES256_GCM,", encrypted, StringComparison.Ordinal);
        Assert.Contains("encrypted_regex: ^password$", encrypted, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFailureNamesTheFileAndCarriesSopsExitCodeButNoValue()
    {
        using var home = new TempDir();
        var e = await Assert.ThrowsAsync<SopsException>(() => SopsFile.DecryptAsync(Sample, new SopsFileOptions { Environment = LibraryKeys.None(home.Path) }));
        Assert.Equal(SopsError.CouldNotRetrieveKey, e.Error);
        Assert.Equal(Sample, e.File);
        Assert.StartsWith(Sample + ": ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("correct horse", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task APlaintextFileIsRefusedAsSopsDoes()
    {
        using var dir = new TempDir();
        var plain = dir.Write("plain.yaml", "a: b\n");
        var e = await Assert.ThrowsAsync<SopsException>(() => SopsFile.DecryptAsync(plain, new SopsFileOptions { Environment = LibraryKeys.Demo(dir.Path) }));
        Assert.Equal(plain + ": sops metadata not found: the file is not encrypted", e.Message);
    }
}
