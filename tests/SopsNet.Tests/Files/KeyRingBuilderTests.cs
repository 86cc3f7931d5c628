using SopsNet.Documents;
using SopsNet.Files;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Files;

/// <summary>Key discovery as a library: the environment comes from the caller, not the process.</summary>
public sealed class KeyRingBuilderTests
{
    private static readonly byte[] Sample = File.ReadAllBytes(TestPaths.Repo("samples/secrets.enc.yaml"));

    [Fact]
    public async Task TheAgeKeyFileOfTheGivenEnvironmentOpensTheSample()
    {
        using var home = new TempDir();
        var keys = new KeyRingBuilder(LibraryKeys.Demo(home.Path)).Build();
        var document = await SopsDocument.OpenAsync(FileFormats.Create("yaml"), Sample, keys);
        Assert.Equal(File.ReadAllText(TestPaths.Repo("samples/secrets.yaml")), System.Text.Encoding.UTF8.GetString(document.Decrypted(verify: true)));
    }

    [Fact]
    public async Task AnEnvironmentWithoutKeysFindsNoneEvenWhenTheProcessHasSome()
    {
        using var home = new TempDir();
        var keys = new KeyRingBuilder(LibraryKeys.None(home.Path)).Build();
        var e = await Assert.ThrowsAsync<SopsException>(() => SopsDocument.OpenAsync(FileFormats.Create("yaml"), Sample, keys));
        Assert.Equal(SopsError.CouldNotRetrieveKey, e.Error);
        Assert.DoesNotContain("correct horse", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheUsersAgeKeysTxtIsFoundUnderTheGivenHome()
    {
        using var home = new TempDir();
        home.Write(".config/sops/age/keys.txt", File.ReadAllText(TestPaths.DemoKey));
        var keys = new KeyRingBuilder(LibraryKeys.With(home.Path, ("XDG_CONFIG_HOME", home.File(".config")))).Build();
        var document = await SopsDocument.OpenAsync(FileFormats.Create("yaml"), Sample, keys);
        Assert.Equal("correct horse battery staple", ((SopsNet.Tree.Scalar)document.Get(SopsNet.Tree.TreePath.TryParse("[\"database\"][\"password\"]")!)!).Text);
    }

    [Fact]
    public void EveryReferencedCloudPackageIsPickedUp()
    {
        // The test project references all four cloud packages, as an application would.
        Assert.Equal(["azure_kv", "gcp_kms", "hc_vault", "kms"], KeyServices.All.Select(s => s.Type).Order(StringComparer.Ordinal));
    }
}
