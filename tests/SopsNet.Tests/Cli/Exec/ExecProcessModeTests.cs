using System.Diagnostics;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Exec;

/// <summary>
/// exec-env and exec-file options that act on the process itself (--same-process, --user) or leave the
/// command running (--background), so they run the built sopsnet executable, never the test host.
/// Commands wait for a file the test creates instead of sleeping, and end themselves when told.
/// </summary>
public sealed class ExecProcessModeTests : IDisposable
{
    private readonly ExecFixture f = new();

    public void Dispose()
    {
        File.WriteAllText(f.Dir.File("stop"), ""); // any command still waiting ends itself
        f.Dispose();
    }

    private static string Apphost => Path.Combine(AppContext.BaseDirectory, "sopsnet");

    [Fact]
    public async Task Same_process_runs_the_command_in_place_of_sopsnet_with_its_pid()
    {
        var enc = await f.EncryptAsync("e.yaml", $"a: {f.Secret}\n");

        using var sopsnet = Start("exec-env", "--same-process", enc, "echo \"$$ $a\"");
        var output = await sopsnet.StandardOutput.ReadToEndAsync();
        await sopsnet.WaitForExitAsync();

        Assert.Equal(0, sopsnet.ExitCode);
        Assert.Equal($"{sopsnet.Id} {f.Secret}\n", output);
    }

    [Fact]
    public async Task Same_process_passes_the_commands_exit_status_and_a_closed_pipe_ends_it_as_sops_would()
    {
        var enc = await f.EncryptAsync("e.yaml", "a: 1\n");

        using var failing = Start("exec-env", "--same-process", enc, "exit 7");
        await failing.WaitForExitAsync();
        using var piped = Start("exec-env", "--same-process", enc, "yes | head -n 1");
        var line = await piped.StandardOutput.ReadToEndAsync();
        await piped.WaitForExitAsync();

        Assert.Equal(7, failing.ExitCode);
        Assert.Equal("y\n", line);
        Assert.Equal(0, piped.ExitCode);
    }

    [Fact]
    public async Task Background_returns_while_the_command_still_runs_and_gives_it_no_terminal_output()
    {
        var enc = await f.EncryptAsync("e.yaml", $"a: {f.Secret}\n");

        using var sopsnet = Start("exec-env", "--background", enc, "echo visible; until [ -f go ]; do sleep 0.05; done; echo \"$a\" > out.txt; until [ -f stop ]; do sleep 0.05; done");
        var output = await sopsnet.StandardOutput.ReadToEndAsync();
        await sopsnet.WaitForExitAsync();
        File.WriteAllText(f.Dir.File("go"), "");
        await WaitForFileAsync("out.txt");

        Assert.Equal(0, sopsnet.ExitCode);
        Assert.Equal("", output);
        Assert.Equal(f.Secret + "\n", f.Read("out.txt"));
    }

    [Fact]
    public async Task Exec_file_background_returns_once_the_command_has_read_the_fifo_and_removes_it()
    {
        var enc = await f.EncryptAsync("e.yaml", $"a: {f.Secret}\n");

        using var sopsnet = Start("exec-file", "--background", enc, "echo {} > path.txt; cat {} > out.txt; until [ -f stop ]; do sleep 0.05; done");
        await sopsnet.WaitForExitAsync();

        Assert.Equal(0, sopsnet.ExitCode);
        Assert.Equal($"a: {f.Secret}\n", f.Read("out.txt"));
        Assert.False(File.Exists(f.Read("path.txt").Trim()), "the fifo outlived sopsnet");
    }

    [Fact]
    public async Task User_switches_the_process_to_that_user_with_its_home_as_sops_does_and_needs_root()
    {
        var enc = await f.EncryptAsync("e.yaml", $"a: {f.Secret}\n");

        using var sopsnet = Start("exec-env", "--user", "nobody", enc, "id -u; id -g; echo \"$HOME $USER $LOGNAME $a\"");
        var output = await sopsnet.StandardOutput.ReadToEndAsync();
        var errors = await sopsnet.StandardError.ReadToEndAsync();
        await sopsnet.WaitForExitAsync();

        if (!Environment.IsPrivilegedProcess)
        {
            // sops: setgroups fails with EPERM and sops exits 1.
            Assert.Equal(1, sopsnet.ExitCode);
            Assert.Single(errors.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            return;
        }

        var nobody = File.ReadAllLines("/etc/passwd").Select(l => l.Split(':')).Single(p => p[0] == "nobody");
        Assert.True(sopsnet.ExitCode == 0, errors);
        Assert.Equal($"{nobody[2]}\n{nobody[3]}\n{nobody[5]} nobody nobody {f.Secret}\n", output);
    }

    [Fact]
    public async Task An_unknown_user_fails_with_one_line_before_the_command_runs()
    {
        var enc = await f.EncryptAsync("e.yaml", "a: 1\n");

        using var sopsnet = Start("exec-file", "--user", "no-such-user-" + Guid.NewGuid().ToString("N")[..8], enc, "touch ran");
        var errors = await sopsnet.StandardError.ReadToEndAsync();
        await sopsnet.WaitForExitAsync();

        Assert.Equal(1, sopsnet.ExitCode);
        Assert.Contains("--user: unknown user", errors);
        Assert.False(f.Exists("ran"));
    }

    [Fact]
    public async Task In_process_callers_cannot_replace_or_switch_the_process()
    {
        var enc = await f.EncryptAsync("e.yaml", "a: 1\n");

        var same = await f.RunAsync("exec-env", "--same-process", enc, "true");
        var user = await f.RunAsync("exec-env", "--user", "nobody", enc, "true");

        CliKit.AssertFailure(same, 1, "--same-process");
        CliKit.AssertFailure(user, 1, "--user");
    }

    private Process Start(params string[] args)
    {
        var start = new ProcessStartInfo(Apphost)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = f.Path,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey;
        start.Environment["HOME"] = f.Dir.File(".test-home");
        return Process.Start(start)!;
    }

    private async Task WaitForFileAsync(string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        while (!f.Exists(name) || f.Read(name).Length == 0)
        {
            await Task.Delay(20, timeout.Token);
        }
    }
}
