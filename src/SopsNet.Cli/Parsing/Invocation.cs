namespace SopsNet.Cli.Parsing;

/// <summary>What to run: the arguments for the command tree, or (Args null) the exit code of a call that is already answered.</summary>
internal sealed record Invocation(string[]? Args, int ExitCode)
{
    /// <summary>The one subcommand <see cref="Args"/> call, already built; null when the whole tree is needed.</summary>
    public System.CommandLine.Command? Command { get; init; }

    public static Invocation Run(string[] args) => new(args, 0);

    public static Invocation Run(string[] args, System.CommandLine.Command command) => new(args, 0) { Command = command };

    public static Invocation Done(int exitCode) => new(null, exitCode);
}
