using System.CommandLine;
using System.CommandLine.Parsing;
using System.Text.RegularExpressions;
using SopsNet.Cli;
using SopsNet.Cli.Commands;
using SopsNet.Cli.Parsing;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// Every command's --help shows an example, lists only the global options the command reads, and no help
/// text promises what already exists ("and later other").
/// </summary>
public sealed class HelpTextTests
{
    private const string KeyServices = "--enable-local-keyservice --keyservice";
    private const string Unused = "--verbose --disable-version-check --check-for-updates";

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

    [Theory]
    [InlineData("decrypt", "--config --indent --ignore-mac --decryption-order --no-color " + KeyServices, Unused)]
    [InlineData("encrypt", "--config --indent --decryption-order --no-color " + KeyServices, "--ignore-mac " + Unused)]
    [InlineData("updatekeys", "--config --ignore-mac --decryption-order --no-color " + KeyServices, "--indent " + Unused)]
    [InlineData("check", "--config --decryption-order --verbose --no-color " + KeyServices, "--indent --ignore-mac --disable-version-check --check-for-updates")]
    [InlineData("recipients", "--config --no-color", "--indent --ignore-mac --decryption-order " + KeyServices + " " + Unused)]
    [InlineData("keygen", "--no-color", "--config --indent --ignore-mac --decryption-order " + KeyServices + " " + Unused)]
    [InlineData("git setup", "--config --no-color", "--indent --ignore-mac --decryption-order " + KeyServices + " " + Unused)]
    [InlineData("groups add", "--config --indent --ignore-mac --decryption-order --no-color " + KeyServices, Unused)]
    public async Task Help_lists_only_the_global_options_the_command_reads(string command, string shown, string hidden)
    {
        using var dir = new TempDir();
        var run = await CliRun.RunAsync(dir.Path, null, [.. command.Split(' '), "--help"]);
        Assert.Equal(0, run.ExitCode);
        var listed = Regex.Matches(run.Stdout, @"^\s+(?:-\w, )?(--[a-z-]+)", RegexOptions.Multiline).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.All(shown.Split(' '), option => Assert.Contains(option, listed));
        Assert.All(hidden.Split(' '), option => Assert.DoesNotContain(option, listed));
    }

    [Fact]
    public async Task The_top_level_help_lists_every_global_option()
    {
        using var dir = new TempDir();
        var run = await CliRun.RunAsync(dir.Path, null, "--help");
        Assert.All(GlobalOptions.All, option => Assert.Contains("  " + option.Name, run.Stdout));
    }

    [Fact]
    public void Every_command_says_which_global_options_it_reads()
    {
        var ctx = new CliContext(new MemoryStream(), new MemoryStream(), TextWriter.Null, _ => null, ".");
        Assert.Empty(GlobalOptions.Missing(SopsCli.Build(ctx).Subcommands.Select(c => c.Name)));
    }

    /// <summary>Not listed is not refused: sops takes every global flag on every command, and so does sopsnet, after the command or before it.</summary>
    [Fact]
    public void Every_command_still_accepts_every_global_option()
    {
        var ctx = new CliContext(new MemoryStream(), new MemoryStream(), TextWriter.Null, _ => null, ".");
        var root = SopsCli.Build(ctx);
        foreach (var path in Leaves(root, []))
        {
            foreach (var option in GlobalOptions.All)
            {
                string[] given = option.Arity.MaximumNumberOfValues == 0 || option.Name == "--enable-local-keyservice" ? [option.Name] : [option.Name, "2"];
                var result = root.Parse([.. path, .. given]);
                Assert.True(result.Tokens.Any(t => t.Type == TokenType.Option && t.Value == option.Name), $"{string.Join(' ', path)} {option.Name}");
            }
        }
    }

    [Theory]
    [InlineData("--verbose")]
    [InlineData("--no-color")]
    [InlineData("--indent", "2")]
    public async Task A_global_option_before_the_command_still_works_where_the_command_ignores_it(params string[] option)
    {
        using var dir = new TempDir();
        var run = await CliRun.RunAsync(dir.Path, null, [.. option, "keygen", "-o", "key.txt"]);
        Assert.Equal(0, run.ExitCode);
        Assert.True(File.Exists(Path.Combine(dir.Path, "key.txt")));
    }

    private static IEnumerable<string[]> Leaves(Command command, string[] path) =>
        command.Subcommands.Count == 0 ? [path] : command.Subcommands.SelectMany(c => Leaves(c, [.. path, c.Name]));
}
