namespace SopsNet.Cli.Git;

/// <summary>What a run of the git binary returned.</summary>
internal sealed record GitResult(int ExitCode, string Stdout, string Stderr)
{
    public bool Ok => ExitCode == 0;
}
