using System.CommandLine;

namespace SopsNet.Cli.Commands;

/// <summary>Options shared by the commands that work on many files (updatekeys, rotate, check).</summary>
internal static class BatchOptions
{
    /// <summary>For CI logs and hooks: errors and warnings still show, since they are why a run fails.</summary>
    public static Option<bool> Quiet() => new("--quiet", "-q") { Description = "print only errors and warnings: no line per file and no summary" };
}
