using System.Diagnostics;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Exec;

/// <summary>
/// Signals sent to a real sopsnet process (the built sopsnet.dll under dotnet) reach the command, sopsnet
/// waits for it and returns its exit status, and exec-file's fifo or temp file is gone afterwards.
/// </summary>
public sealed class ExecSignalTests
{
    /// <summary>A command that reports the signal it got and exits 42; it first says it is ready.</summary>
    private const string Trapping = "trap 'echo got > sig.txt; exit 42' {0}; echo ready > ready.txt; while :; do sleep 0.1; done";

    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    [InlineData("HUP")]
    public async Task Exec_env_forwards_the_signal_and_returns_the_commands_status(string signal)
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", $"a: {f.Secret}\n");

        var code = await RunAndSignalAsync(f, signal, "exec-env", file, string.Format(Trapping, signal));

        Assert.Equal(42, code);
        Assert.Equal("got\n", f.Read("sig.txt"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Exec_file_removes_its_file_when_terminated(bool noFifo)
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", $"a: {f.Secret}\n");
        string[] args = noFifo ? ["exec-file", "--no-fifo"] : ["exec-file"];

        var code = await RunAndSignalAsync(f, "TERM", [.. args, file, "echo {} > path.txt; " + string.Format(Trapping, "TERM")]);

        Assert.Equal(42, code);
        var path = f.Read("path.txt").Trim();
        Assert.False(File.Exists(path) || Directory.Exists(Path.GetDirectoryName(path)), "the decrypted file outlived sopsnet");
    }

    private static async Task<int> RunAndSignalAsync(ExecFixture f, string signal, params string[] args)
    {
        // Standard input is a pipe, not the terminal a developer may run the tests from: on a terminal sopsnet
        // leaves Ctrl-C to the terminal (which signals the whole foreground group) instead of forwarding it.
        var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, WorkingDirectory = f.Path, RedirectStandardError = true, RedirectStandardInput = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "sopsnet.dll"));
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey;
        start.Environment["HOME"] = f.Dir.File(".test-home");
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            for (var waited = 0; !f.Exists("ready.txt"); waited += 50)
            {
                Assert.True(waited < 60_000 && !process.HasExited, "the command did not start: " + (process.HasExited ? await stderr : ""));
                await Task.Delay(50);
            }

            var kill = External.Run("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            Assert.Equal(0, kill.ExitCode);
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await process.WaitForExitAsync(timeout.Token);
            Assert.True(await stderr == "", await stderr);
            return process.ExitCode;
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }
}
