namespace SopsNet.Cli.Parsing;

/// <summary>What to run: the arguments for the command tree, or (Args null) the exit code of a call that is already answered.</summary>
internal sealed record Invocation(string[]? Args, int ExitCode)
{
    public static Invocation Run(string[] args) => new(args, 0);

    public static Invocation Done(int exitCode) => new(null, exitCode);
}
