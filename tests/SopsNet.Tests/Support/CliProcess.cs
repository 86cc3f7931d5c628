using System.Diagnostics;

namespace SopsNet.Tests.Support;

/// <summary>
/// The built sopsnet.dll in a real child process, for what in-process runs cannot show: the umask, file
/// size limits, signals and separate processes contending for a file. It starts through /bin/sh so a
/// prelude (<c>umask 077</c>, <c>ulimit -f 8</c>) applies to it; HOME points into the working directory
/// and the demo age key is the user's key.
/// </summary>
public static class CliProcess
{
    public static string Dll => Path.Combine(AppContext.BaseDirectory, "sopsnet.dll");

    public static Process Start(string cwd, string prelude, params string[] args)
    {
        var start = new ProcessStartInfo("/bin/sh")
        {
            UseShellExecute = false,
            WorkingDirectory = cwd,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[] { "-c", prelude + "\nexec dotnet \"$@\"", "sh", Dll }.Concat(args))
        {
            start.ArgumentList.Add(a);
        }

        start.Environment["HOME"] = Path.Combine(cwd, ".test-home");
        start.Environment["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey;
        start.Environment["DOTNET_NOLOGO"] = "1";
        return Process.Start(start)!;
    }

    /// <summary>Runs to the end; the exit code and both outputs.</summary>
    public static async Task<External.Result> RunAsync(string cwd, string prelude, params string[] args)
    {
        using var process = Start(cwd, prelude, args);
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return new External.Result(process.ExitCode, System.Text.Encoding.UTF8.GetBytes(await stdout), await stderr);
    }
}
