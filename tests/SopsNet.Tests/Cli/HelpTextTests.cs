using SopsNet.Cli;
using SopsNet.Cli.Parsing;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>Every command's --help shows an example, and no help text promises what already exists ("and later other").</summary>
public sealed class HelpTextTests
{
    [Fact]
    public void Every_command_has_an_example()
    {
        var ctx = new CliContext(new MemoryStream(), new MemoryStream(), TextWriter.Null, _ => null, ".");
        Assert.Empty(HelpExamples.Missing(SopsCli.Build(ctx)));
    }

    [Theory]
    [InlineData("encrypt", "sopsnet encrypt -i secrets/app.yaml")]
    [InlineData("init", "sopsnet init secrets/")]
    [InlineData("exec-env", "sopsnet exec-env secrets/app.yaml")]
    public async Task Help_shows_the_example_and_the_environment(string command, string example)
    {
        using var dir = new TempDir();
        var run = await CliRun.RunAsync(dir.Path, null, command, "--help");
        Assert.Equal(0, run.ExitCode);
        Assert.Contains("example:", run.Stdout);
        Assert.Contains(example, run.Stdout);
        Assert.Contains("environment: ", run.Stdout);
        Assert.DoesNotContain("later other", run.Stdout);
    }
}
