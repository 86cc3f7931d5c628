using System.ComponentModel;
using System.Diagnostics;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Git;

/// <summary>
/// Runs the <c>git</c> binary: git owns its config files, index and attribute rules, so sopsnet asks it
/// instead of editing .git/config or reading the index itself.
/// </summary>
internal static class GitRunner
{
    // The context's view of these wins over the process's, so a caller (or a test) that points HOME
    // elsewhere also points git's global config there.
    private static readonly string[] PassedVariables = ["HOME", "XDG_CONFIG_HOME", "GIT_CONFIG_GLOBAL", "GIT_CONFIG_NOSYSTEM", "GIT_DIR", "GIT_WORK_TREE", "PATH"];

    public static GitResult Run(CliContext ctx, string directory, params string[] args)
    {
        try
        {
            using var process = Process.Start(StartInfo(ctx, directory, args))!;
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            return new GitResult(process.ExitCode, stdout, stderr.Result);
        }
        catch (Win32Exception e)
        {
            throw new SopsException(SopsError.Generic, $"cannot run git: {e.Message}; is git installed and on PATH?");
        }
    }

    /// <summary>Runs git for its output as bytes (a blob is a file's exact content, not text); throws naming the git command when it fails.</summary>
    public static byte[] ReadBytes(CliContext ctx, string directory, params string[] args)
    {
        try
        {
            using var process = Process.Start(StartInfo(ctx, directory, args))!;
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            using var stdout = new MemoryStream();
            process.StandardOutput.BaseStream.CopyTo(stdout);
            process.WaitForExit();
            return process.ExitCode == 0
                ? stdout.ToArray()
                : throw new SopsException(SopsError.Generic, $"git {args[0]}: {stderr.Result.Trim()}");
        }
        catch (Win32Exception e)
        {
            throw new SopsException(SopsError.Generic, $"cannot run git: {e.Message}; is git installed and on PATH?");
        }
    }

    private static ProcessStartInfo StartInfo(CliContext ctx, string directory, string[] args)
    {
        var start = new ProcessStartInfo("git")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = directory,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var name in PassedVariables)
        {
            if (ctx.Env(name) is { } value)
            {
                start.Environment[name] = value;
            }
        }

        return start;
    }

    /// <summary>The top directory of the work tree containing <paramref name="directory"/>, or null outside a repository.</summary>
    public static string? TopLevel(CliContext ctx, string directory)
    {
        var result = Run(ctx, directory, "rev-parse", "--show-toplevel");
        return result.Ok ? result.Stdout.Trim() : null;
    }
}
