using System.CommandLine;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Exec;

/// <summary>
/// How exec-env and exec-file start the command (cmd/sops/subcommand/exec/exec.go): as a child we wait
/// for (default), in the background (--background, deprecated in sops: start and return 0), or in place of
/// this process (exec-env --same-process); as another user (--user, root only).
/// </summary>
internal sealed record ExecMode(bool Background, bool SameProcess, string? User)
{
    public static readonly Option<bool> BackgroundOption = new("--background") { Description = "start the command and return without waiting for it (deprecated in sops)" };
    public static readonly Option<bool> SameProcessOption = new("--same-process") { Description = "run the command in place of sopsnet (exec), keeping its process id" };
    public static readonly Option<string?> UserOption = new("--user") { Description = "run the command as this user (sopsnet must run as root)" };

    public static ExecMode From(ParseResult result, bool sameProcess) =>
        new(result.GetValue(BackgroundOption), sameProcess, result.GetValue(UserOption));

    /// <summary>The checks sops makes before decrypting, and its deprecation warning.</summary>
    public void Check(string command, Reporter reporter)
    {
        if (Background)
        {
            reporter.Warning($"{command}'s --background option is deprecated in sops and will be removed there");
            if (SameProcess)
            {
                throw new SopsException(SopsError.ConflictingParameters, "--same-process cannot be used with --background"); // cmd/sops/main.go:245
            }
        }
    }

    /// <summary>
    /// --user: switches this whole process (sops does the same), so it must be the process itself and not
    /// a program running sopsnet's commands inside it. Returns the variables the command gets for the user.
    /// </summary>
    public IEnumerable<KeyValuePair<string, string>> SwitchUser(CliContext ctx)
    {
        if (User is null)
        {
            return [];
        }

        if (!ctx.OwnsProcess)
        {
            throw new SopsException(SopsError.Generic, "--user changes the user of the whole process, which only the sopsnet executable may do");
        }

        var user = UnixUser.Lookup(User);
        user.SwitchProcess();
        return user.Environment;
    }
}
