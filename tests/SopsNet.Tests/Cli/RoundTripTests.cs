using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// SopsNet's promise beyond sops: encrypt then decrypt gives back the original file byte for byte
/// (comments, blank lines, quoting, block scalars, indentation, number spelling, escapes).
/// </summary>
public sealed class RoundTripTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("comments.yaml")]
    [InlineData("scalars.yaml")]
    [InlineData("block-literal.yaml")]
    [InlineData("block-folded.yaml")]
    [InlineData("flow.yaml")]
    [InlineData("unencrypted.yaml")]
    [InlineData("multi-doc.yaml")]
    [InlineData("indent2-compact.yaml")]
    [InlineData("crlf.yaml")]
    [InlineData("no-final-newline.yaml")]
    [InlineData("nested-2space.json")]
    [InlineData("numbers-tabs.json")]
    [InlineData("escapes.json")]
    [InlineData("containers-tabs.json")]
    [InlineData("spacing-no-final-newline.json")]
    [InlineData("crlf.json")]
    public async Task Encrypting_then_decrypting_gives_back_the_original_bytes(string fixture)
    {
        var original = await File.ReadAllBytesAsync(CliKit.Fixture(fixture));
        await File.WriteAllBytesAsync(dir.File(fixture), original);

        var encrypt = await CliRun.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, fixture);
        Assert.True(encrypt.ExitCode == 0, encrypt.ToString());
        Assert.True(encrypt.Stderr == "", "encrypting a file without sops-incompatible spellings warns: " + encrypt.Stderr);
        var encrypted = dir.File("enc." + fixture);
        await File.WriteAllBytesAsync(encrypted, encrypt.StdoutBytes);
        Assert.Contains("ENC[AES256_GCM,data:", encrypt.Stdout);

        var decrypted = await CliKit.DecryptWithDemoKeyAsync(dir.Path, encrypted);

        Assert.Equal(CliKit.Text(original), CliKit.Text(decrypted));
        Assert.Equal(original, decrypted);
    }

    [Fact]
    public async Task Encrypt_and_decrypt_in_place_give_back_the_original_bytes()
    {
        var original = await File.ReadAllBytesAsync(CliKit.Fixture("nested-2space.json"));
        var file = dir.File("in-place.json");
        await File.WriteAllBytesAsync(file, original);

        var encrypt = await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, "in-place.json");
        Assert.True(encrypt.ExitCode == 0, encrypt.ToString());
        Assert.Empty(encrypt.StdoutBytes);
        Assert.Contains("ENC[AES256_GCM", await File.ReadAllTextAsync(file));
        Assert.DoesNotContain("p@ss", await File.ReadAllTextAsync(file));

        var decrypt = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "-i", "in-place.json");
        Assert.True(decrypt.ExitCode == 0, decrypt.ToString());
        Assert.Empty(decrypt.StdoutBytes);
        Assert.Equal(original, await File.ReadAllBytesAsync(file));
    }
}
