using System.Diagnostics;
using SopsNet.Cli.Output;
using SopsNet.Text;

namespace SopsNet.Cli.IO;

/// <summary>Runs the user's editor as sops does: SOPS_EDITOR, then EDITOR (split into words, no shell), else the first of vim, nano, vi on PATH.</summary>
internal static class Editor
{
    public static IReadOnlyList<string> Command(CliContext ctx)
    {
        foreach (var variable in new[] { "SOPS_EDITOR", "EDITOR" })
        {
            if (ctx.Env(variable) is { } value)
            {
                try
                {
                    var words = ShellWords.Split(value);
                    if (words.Count > 0)
                    {
                        return words;
                    }
                }
                catch (FormatException e)
                {
                    throw new SopsException(SopsError.NoEditorFound, $"{variable}: cannot split the command: {e.Message}");
                }
            }
        }

        var path = (ctx.Env("PATH") ?? Environment.GetEnvironmentVariable("PATH") ?? "").Split(System.IO.Path.PathSeparator);
        foreach (var candidate in new[] { "vim", "nano", "vi" })
        {
            if (path.Select(dir => System.IO.Path.Combine(dir, candidate)).FirstOrDefault(File.Exists) is { } found)
            {
                return [found];
            }
        }

        throw new SopsException(SopsError.NoEditorFound, "no editor found: set SOPS_EDITOR or EDITOR");
    }

    /// <summary>Runs the editor on <paramref name="file"/> with the terminal inherited, and waits for it.</summary>
    public static int Run(IReadOnlyList<string> command, string file)
    {
        var start = new ProcessStartInfo(command[0]) { UseShellExecute = false };
        foreach (var arg in command.Skip(1))
        {
            start.ArgumentList.Add(arg);
        }

        start.ArgumentList.Add(file);
        try
        {
            using var process = Process.Start(start)!;
            process.WaitForExit();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new SopsException(SopsError.NoEditorFound, $"cannot run the editor {command[0]}: {e.Message}");
        }
    }
}
