using System.ComponentModel;
using System.Diagnostics;

namespace SopsNet.Cli.Output;

/// <summary>
/// Runs the program named by <c>SSH_ASKPASS</c> the way OpenSSH's ssh_askpass does: the prompt is its only
/// argument, the answer is its output up to the first line break, and a non-zero exit means the user
/// cancelled. For yes/no questions <c>SSH_ASKPASS_PROMPT=confirm</c> is set, as ssh-agent does.
/// </summary>
internal static class AskPassProgram
{
    /// <summary>The answer, or null when the program failed, could not start, or the user cancelled.</summary>
    public static string? Ask(string program, string prompt, bool confirm = false)
    {
        var info = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
        info.ArgumentList.Add(prompt);
        if (confirm)
        {
            info.Environment["SSH_ASKPASS_PROMPT"] = "confirm";
        }

        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                return null;
            }

            var end = output.IndexOfAny(['\r', '\n']);
            return end < 0 ? output : output[..end];
        }
        catch (Win32Exception)
        {
            return null;
        }
    }
}
