using System.Text;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Exec;

/// <summary>
/// exec-env's --mask: tells the CI system to hide every decrypted value in the job log before the child
/// can print one.
/// </summary>
internal static class CiMask
{
    public const int MinimumLength = 4;

    /// <summary>Writes the masking commands for <paramref name="values"/> to <paramref name="stdout"/>, or a note when the CI has none.</summary>
    public static void Announce(CliContext ctx, Reporter reporter, IEnumerable<string> values)
    {
        if (ctx.Env("GITHUB_ACTIONS") == "true")
        {
            var sb = new StringBuilder();
            foreach (var line in values.SelectMany(v => v.Split('\n')).Select(l => l.TrimEnd('\r')).Distinct(StringComparer.Ordinal))
            {
                // GitHub masks log lines one by one, so a multi-line value needs every line masked. A line
                // shorter than 4 characters is left out: GitHub refuses to mask some, and masking "app" or
                // "v1" would hide every occurrence of it in the log.
                if (line.Trim().Length >= MinimumLength)
                {
                    sb.Append("::add-mask::").Append(Escape(line)).Append('\n');
                }
            }

            var bytes = Encoding.UTF8.GetBytes(sb.ToString());
            ctx.StandardOutput.Write(bytes);
            ctx.StandardOutput.Flush();
        }
        else if (ctx.Env("GITLAB_CI") == "true")
        {
            reporter.Note("--mask: gitlab ci has no command to mask a value at run time, so these values are not masked in the job log; keep them out of the output or define them as masked ci/cd variables");
        }
        else
        {
            reporter.Warning("--mask: not running on github actions (GITHUB_ACTIONS=true) or gitlab ci (GITLAB_CI=true); nothing is masked");
        }
    }

    /// <summary>
    /// The runner un-escapes a workflow command's data (%25, %0D, %0A) before it registers the mask, so a
    /// value containing "%0A" literally must be sent as "%250A" to be masked as written (the escaping of
    /// actions/toolkit's issueCommand).
    /// </summary>
    private static string Escape(string line) => line.Replace("%", "%25").Replace("\r", "%0D").Replace("\n", "%0A");
}
