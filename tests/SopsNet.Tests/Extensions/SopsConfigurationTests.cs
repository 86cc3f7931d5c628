using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Primitives;
using SopsNet.Files;
using SopsNet.Tests.Files;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Extensions;

/// <summary>AddSopsFile: sops files as .NET configuration, in every format with a tree.</summary>
public sealed class SopsConfigurationTests
{
    [Theory]
    [InlineData("app.yaml", "database:\n  password: pw-value\nhosts:\n  - a\n  - b\n", "database:password", "hosts:1")]
    [InlineData("app.json", "{\"database\": {\"password\": \"pw-value\"}, \"hosts\": [\"a\", \"b\"]}\n", "database:password", "hosts:1")]
    [InlineData("app.env", "DB_PASSWORD=pw-value\nHOST=b\n", "DB_PASSWORD", "HOST")]
    [InlineData("app.ini", "[database]\npassword = pw-value\n[hosts]\nsecond = b\n", "database:password", "hosts:second")]
    [InlineData("app.toml", "hosts = [\"a\", \"b\"]\n\n[database]\npassword = \"pw-value\"\n", "database:password", "hosts:1")]
    public async Task EachFormatReadsIntoConfigurationPaths(string name, string plaintext, string passwordKey, string hostKey)
    {
        using var dir = new TempDir();
        await EncryptAsync(dir, name, plaintext);
        var config = new ConfigurationBuilder().SetBasePath(dir.Path)
            .AddSopsFile(s => { s.Path = name; s.Environment = LibraryKeys.Demo(dir.Path); })
            .Build();
        Assert.Equal("pw-value", config[passwordKey]);
        Assert.Equal("b", config[hostKey]);
    }

    [Fact]
    public async Task EveryDocumentOfAMultiDocumentYamlIsReadAndALaterDocumentWinsAtTheSamePath()
    {
        using var dir = new TempDir();
        await EncryptAsync(dir, "app.yaml", "database:\n  password: first\n  user: app\nonly_first: 1\n---\ndatabase:\n  password: second\nonly_second: 2\n");
        var config = new ConfigurationBuilder().SetBasePath(dir.Path)
            .AddSopsFile(s => { s.Path = "app.yaml"; s.Environment = LibraryKeys.Demo(dir.Path); })
            .Build();

        Assert.Equal("second", config["database:password"]);
        Assert.Equal("app", config["database:user"]);
        Assert.Equal("1", config["only_first"]);
        Assert.Equal("2", config["only_second"]);
        var values = await SopsFile.ReadValuesAsync(Path.Combine(dir.Path, "app.yaml"), new SopsFileOptions { Environment = LibraryKeys.Demo(dir.Path) });
        Assert.Equal("second", values["database:password"]);
        Assert.Equal("2", values["only_second"]);
    }

    [Fact]
    public void TheSampleReadsWithTheDemoKey()
    {
        using var home = new TempDir();
        var config = new ConfigurationBuilder().SetBasePath(TestPaths.Repo("samples"))
            .AddSopsFile(s => { s.Path = "secrets.enc.yaml"; s.Environment = LibraryKeys.Demo(home.Path); })
            .Build();
        Assert.Equal("correct horse battery staple", config["database:password"]);
        Assert.Equal("https://app.example.com", config.GetSection("allowed_origins").GetChildren().First().Value);
    }

    [Fact]
    public void APgpFileReadsWithTheSecretKeyRingAlone()
    {
        // sops wrote this file for its functional-test PGP key; no gpg is run (SOPS_GPG_EXEC points nowhere).
        using var home = new TempDir();
        var env = LibraryKeys.With(home.Path,
            ("SOPS_GPG_EXEC", "/nonexistent/gpg"), ("SOPSNET_PGP_SECRET_KEYRING", TestPaths.Corpus("keys/sops_functional_tests_key.asc")));
        var config = new ConfigurationBuilder().SetBasePath(TestPaths.Corpus("sops/functional-tests/res"))
            .AddSopsFile(s => { s.Path = "format.enc.yaml"; s.Environment = env; })
            .Build();
        Assert.Equal("bar", config["foo"]);
    }

    [Fact]
    public async Task WithoutTheKeyStartUpFailsNamingTheFileAndTheReasonButNoValue()
    {
        using var dir = new TempDir();
        await EncryptAsync(dir, "s.yaml", "password: pw-value\n");
        var builder = new ConfigurationBuilder().SetBasePath(dir.Path)
            .AddSopsFile(s => { s.Path = "s.yaml"; s.Environment = LibraryKeys.None(dir.Path); });
        var e = Assert.ThrowsAny<Exception>(() => builder.Build());
        var all = Messages(e);
        Assert.Contains("s.yaml: ", all, StringComparison.Ordinal);
        Assert.Contains("s.yaml: no master key could decrypt the data key", all, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-value", all, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ATamperedFileFailsStartUpOnItsMac()
    {
        using var dir = new TempDir();
        var path = await EncryptAsync(dir, "s.yaml", "password: pw-value\nother: x\n");
        var lines = File.ReadAllLines(path).Where(l => !l.StartsWith("other:", StringComparison.Ordinal));
        File.WriteAllLines(path, lines);
        var builder = new ConfigurationBuilder().SetBasePath(dir.Path)
            .AddSopsFile(s => { s.Path = "s.yaml"; s.Environment = LibraryKeys.Demo(dir.Path); });
        var all = Messages(Assert.ThrowsAny<Exception>(() => builder.Build()));
        Assert.Contains("s.yaml: mac mismatch", all, StringComparison.Ordinal);
        Assert.DoesNotContain("pw-value", all, StringComparison.Ordinal);
    }

    [Fact]
    public void AnOptionalMissingFileIsNoError()
    {
        using var dir = new TempDir();
        var config = new ConfigurationBuilder().SetBasePath(dir.Path).AddSopsFile("absent.yaml", optional: true).Build();
        Assert.Null(config["anything"]);
    }

    [Fact]
    public async Task ReloadOnChangeDecryptsTheNewVersion()
    {
        using var dir = new TempDir();
        await EncryptAsync(dir, "s.yaml", "password: first\n");
        var config = new ConfigurationBuilder().SetBasePath(dir.Path)
            .AddSopsFile(s => { s.Path = "s.yaml"; s.ReloadOnChange = true; s.ReloadDelay = 50; s.Environment = LibraryKeys.Demo(dir.Path); })
            .Build();
        Assert.Equal("first", config["password"]);

        var reloaded = new TaskCompletionSource();
        using var registration = ChangeToken.OnChange(config.GetReloadToken, () => reloaded.TrySetResult());
        await EncryptAsync(dir, "s.yaml", "password: second\n");
        await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal("second", config["password"]);
    }

    private static async Task<string> EncryptAsync(TempDir dir, string name, string plaintext)
    {
        var plain = dir.Write("plain-" + name, plaintext);
        var encrypted = await SopsFile.EncryptAsync(plain, new SopsFileOptions { Environment = LibraryKeys.None(dir.Path), AgeRecipients = [LibraryKeys.DemoRecipient] });
        var path = dir.File(name);
        var staged = path + ".tmp";
        await File.WriteAllTextAsync(staged, encrypted);
        File.Move(staged, path, overwrite: true);
        return path;
    }

    private static string Messages(Exception e) => e.InnerException is null ? e.Message : e.Message + " | " + Messages(e.InnerException);
}
