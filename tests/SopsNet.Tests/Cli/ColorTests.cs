using System.Text;
using SopsNet.Cli;

namespace SopsNet.Tests.Cli;

/// <summary>
/// On a terminal, errors and warnings stand out in colour; NO_COLOR, --no-color (anywhere) and anything
/// that is not a terminal get plain text, so logs and scripts never see escape codes.
/// </summary>
public sealed class ColorTests
{
    private const string Red = "\u001b[1;31msopsnet: error:\u001b[0m ";
    private const string Yellow = "\u001b[33msopsnet: warning:\u001b[0m ";

    private static async Task<string> StderrAsync(bool terminal, Dictionary<string, string> env, params string[] args)
    {
        using var dir = new Support.TempDir();
        env["HOME"] = dir.File("home");
        using var stderr = new StringWriter();
        var ctx = new CliContext(new MemoryStream(), new MemoryStream(), stderr, name => env.GetValueOrDefault(name), dir.Path) { StandardErrorIsTerminal = terminal };
        await SopsCli.RunAsync(args, ctx);
        return stderr.ToString();
    }

    [Fact]
    public async Task Errors_are_red_on_a_terminal()
    {
        var stderr = await StderrAsync(true, [], "decrypt", "missing.yaml");
        Assert.StartsWith(Red, stderr);
        Assert.Contains("missing.yaml", stderr);
    }

    [Fact]
    public async Task Warnings_are_yellow_on_a_terminal()
    {
        var stderr = await StderrAsync(true, [], "decrypt", "a.yaml", "b.yaml");
        Assert.StartsWith(Yellow + "more than one file given", stderr);
    }

    [Theory]
    [InlineData(false, null, new[] { "decrypt", "missing.yaml" })]
    [InlineData(true, "1", new[] { "decrypt", "missing.yaml" })]
    [InlineData(true, null, new[] { "--no-color", "decrypt", "missing.yaml" })]
    [InlineData(true, null, new[] { "decrypt", "--no-color", "missing.yaml" })]
    [InlineData(true, null, new[] { "--no-color", "-d", "missing.yaml" })]
    public async Task No_color_when_not_a_terminal_or_when_asked(bool terminal, string? noColor, string[] args)
    {
        var env = noColor is null ? new Dictionary<string, string>() : new Dictionary<string, string> { ["NO_COLOR"] = noColor };
        var stderr = await StderrAsync(terminal, env, args);
        Assert.StartsWith("sopsnet: error: ", stderr);
        Assert.DoesNotContain("\u001b", stderr, StringComparison.Ordinal);
        Assert.Contains("missing.yaml", stderr);
    }
}
