using SopsNet.Tests.Support;

namespace SopsNet.Tests.Packages;

/// <summary>
/// `dotnet pack` and `dotnet tool install --tool-path T --add-source F SopsNet.Cli`, as a user runs them,
/// give a working `sopsnet` (issue 13). One test: packing, installing and starting the tool take most of
/// a minute.
/// </summary>
[Collection(LocalFeed.Collection)]
[Trait("Category", "Packages")]
public sealed class ToolPackageTests(LocalFeed feed)
{
    [Fact]
    public void The_tool_installed_from_the_packed_feed_decrypts_the_sample()
    {
        var tools = feed.NewDirectory("tools");
        var install = feed.Dotnet(feed.Root, "tool", "install", "--tool-path", tools, "--add-source", feed.Feed, "SopsNet.Cli", "--version", feed.Version);
        Assert.True(install.ExitCode == 0, $"dotnet tool install failed (exit {install.ExitCode}):\n{install.StdoutText}\n{install.Stderr}");

        var decrypt = External.Run(
            Path.Combine(tools, "sopsnet"),
            ["decrypt", TestPaths.Repo("samples/secrets.enc.yaml")],
            env: new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey, ["HOME"] = tools });

        Assert.True(decrypt.ExitCode == 0, $"sopsnet decrypt failed (exit {decrypt.ExitCode}): {decrypt.Stderr}");
        Assert.Equal(File.ReadAllText(TestPaths.Repo("samples/secrets.yaml")), decrypt.StdoutText);
    }
}
