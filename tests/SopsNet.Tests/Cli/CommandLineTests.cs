using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// The command line around the commands: --version in the form tools that drive sops parse, mistyped
/// options, completion scripts, --indent and flags given before the subcommand.
/// </summary>
public sealed partial class CommandLineTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>The built sopsnet executable (the test project references it, so it sits beside the tests).</summary>
    private static string Apphost => Path.Combine(AppContext.BaseDirectory, "sopsnet");

    private static string DeclaredVersion =>
        XDocument.Load(TestPaths.Repo("Directory.Build.props")).Descendants("Version").Single().Value;

    [Fact]
    public async Task Installed_under_the_name_sops_the_first_version_line_is_sops_and_its_format_version()
    {
        var link = dir.File("sops");
        File.CreateSymbolicLink(link, Apphost);

        var (code, stdout, _) = await RunAsync(link, "--version");

        Assert.Equal(0, code);
        Assert.Equal($"sops 3.13.2\nsopsnet {DeclaredVersion} (sops 3.13.2 format)\n", stdout);
    }

    [Fact]
    public async Task Invoked_as_sopsnet_the_version_is_sopsnets_own_from_directory_build_props()
    {
        var (code, stdout, _) = await RunAsync(Apphost, "-v");

        Assert.Equal(0, code);
        Assert.Equal($"sopsnet {DeclaredVersion} (sops 3.13.2 format)\n", stdout);
        Assert.Matches(VersionPattern(), DeclaredVersion);
    }

    [Fact]
    public async Task The_program_name_in_the_context_decides_the_version_form()
    {
        var ctx = new SopsNet.Cli.CliContext(new MemoryStream(), new MemoryStream(), new StringWriter(), _ => null, dir.Path) { ProgramName = "sops" };
        var stdout = (MemoryStream)ctx.StandardOutput;

        Assert.Equal(0, await SopsNet.Cli.SopsCli.RunAsync(["--disable-version-check", "--version"], ctx));
        Assert.StartsWith("sops 3.13.2\n", CliKit.Text(stdout.ToArray()));
    }

    [Theory]
    [InlineData("decrypt|--extrct|[\"a\"]|f.yaml", "sopsnet: error: unknown option '--extrct' for decrypt; did you mean '--extract'?")]
    [InlineData("encrypt|--in-plcae|f.yaml", "sopsnet: error: unknown option '--in-plcae' for encrypt; did you mean '--in-place'?")]
    [InlineData("rotate|--add-agee|x|f.yaml", "sopsnet: error: unknown option '--add-agee' for rotate; did you mean '--add-age'?")]
    [InlineData("groups|add|--fiel|f.yaml", "sopsnet: error: unknown option '--fiel' for groups add; did you mean '--file'?")]
    [InlineData("--verbos|decrypt|f.yaml", "sopsnet: error: unknown option '--verbos'; did you mean '--verbose'?")]
    [InlineData("decrypt|--zzzzzzzz|f.yaml", "sopsnet: error: unknown option '--zzzzzzzz' for decrypt; see 'decrypt --help'")]
    public async Task A_mistyped_option_is_one_line_naming_it_and_the_nearest_real_one_and_nothing_on_stdout(string args, string message)
    {
        var plaintext = dir.Write("f.yaml", "a: 1\n");

        var run = await CliRun.RunAsync(dir.Path, null, args.Split('|'));

        Assert.Equal(1, run.ExitCode);
        Assert.Empty(run.StdoutBytes);
        Assert.Equal(message + "\n", run.Stderr.ReplaceLineEndings("\n"));
        Assert.Equal("a: 1\n", File.ReadAllText(plaintext));
    }

    [Fact]
    public async Task A_flag_before_the_subcommand_that_the_subcommand_cannot_use_is_ignored_with_a_warning()
    {
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "f.yaml", CliKit.Bytes("a: 1\n"));

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "--age", TestPaths.DemoRecipient, "decrypt", encrypted);

        Assert.Equal(0, run.ExitCode);
        Assert.Equal("a: 1\n", run.Stdout);
        Assert.Equal("sopsnet: warning: --age has no effect on decrypt; ignored\n", run.Stderr.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task A_mistyped_command_is_not_taken_as_a_file_to_create()
    {
        var run = await CliRun.RunAsync(dir.Path, new Dictionary<string, string> { ["EDITOR"] = "true" }, "decryt", "f.yaml");

        Assert.Equal(1, run.ExitCode);
        Assert.Equal("sopsnet: error: unknown command 'decryt'; did you mean 'decrypt'?\n", run.Stderr.ReplaceLineEndings("\n"));
        Assert.False(File.Exists(dir.File("decryt")));
    }

    [Fact]
    public async Task An_explicit_indent_lays_the_output_out_as_sops_does_while_without_it_the_source_layout_stays()
    {
        const string Plaintext = "db:\n    user: admin\n    hosts:\n        - a\n";
        var encrypted = await CliKit.EncryptForDemoAsync(dir, "f.yaml", CliKit.Bytes(Plaintext));

        var kept = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", encrypted);
        var indented = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "--indent", "2", "decrypt", encrypted);
        var reencrypted = await CliRun.RunAsync(dir.Path, null, "encrypt", "--indent", "2", "--age", TestPaths.DemoRecipient, dir.File("f.yaml"));

        Assert.Equal(Plaintext, kept.Stdout);
        Assert.Equal("db:\n  user: admin\n  hosts:\n    - a\n", indented.Stdout);
        Assert.StartsWith("db:\n  user: ENC[", reencrypted.Stdout);
        Assert.Contains("\nsops:\n  age:\n", reencrypted.Stdout);
    }

    [Theory]
    [InlineData("sopsnet")]
    [InlineData("sops")]
    public async Task The_bash_completion_script_completes_commands_and_options_through_the_program(string name)
    {
        var bin = Directory.CreateDirectory(dir.File("bin")).FullName;
        File.CreateSymbolicLink(Path.Combine(bin, name), Apphost);
        var script = dir.Write("complete.sh", $$"""
            source <({{name}} completion bash)
            COMP_LINE="{{name}} decr"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=({{name}} decr); COMP_CWORD=1
            _{{name}}_complete; echo "${COMPREPLY[*]}"
            COMP_LINE="{{name}} decrypt --ext"; COMP_POINT=${#COMP_LINE}; COMP_WORDS=({{name}} decrypt --ext); COMP_CWORD=2
            _{{name}}_complete; echo "${COMPREPLY[*]}"
            """);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, UseShellExecute = false };
        start.ArgumentList.Add(script);
        start.Environment["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH");

        using var bash = Process.Start(start)!;
        var output = await bash.StandardOutput.ReadToEndAsync();
        await bash.WaitForExitAsync();

        Assert.Equal("decrypt\n--extract\n", output);
    }

    [Theory]
    [InlineData("bash", "complete -o default -o bashdefault -F _sops_complete sops")]
    [InlineData("zsh", "compdef _sops_complete sops")]
    [InlineData("fish", "complete -c sops -f -a '(__sops_complete)'")]
    [InlineData("pwsh", "Register-ArgumentCompleter -Native -CommandName sops")]
    public async Task Completion_scripts_are_for_the_name_the_program_was_invoked_as(string shell, string registration)
    {
        var stdout = new MemoryStream();
        var ctx = new SopsNet.Cli.CliContext(new MemoryStream(), stdout, new StringWriter(), _ => null, dir.Path) { ProgramName = "sops" };

        Assert.Equal(0, await SopsNet.Cli.SopsCli.RunAsync(["completion", shell], ctx));
        Assert.Contains(registration, CliKit.Text(stdout.ToArray()));
        Assert.Contains("[suggest:", CliKit.Text(stdout.ToArray()));
    }

    private static async Task<(int Code, string Stdout, string Stderr)> RunAsync(string program, params string[] args)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }

    [GeneratedRegex(@"^\d+\.\d+\.\d+$")]
    private static partial Regex VersionPattern();
}
