namespace SopsNet.Cli;

/// <summary>
/// Everything the CLI takes from the outside world: streams, environment, working directory, clock.
/// Tests run the real commands in process with their own context instead of mocking anything.
/// </summary>
public sealed record CliContext(Stream StandardInput, Stream StandardOutput, TextWriter StandardError, Func<string, string?> Environment, string CurrentDirectory)
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The files this run has locked for a read-modify-write (see <see cref="IO.TargetLock"/>).</summary>
    public IO.TargetLocks Locks { get; init; } = new();

    public static CliContext FromProcess() => new(
        Console.OpenStandardInput(),
        Console.OpenStandardOutput(),
        Console.Error,
        System.Environment.GetEnvironmentVariable,
        System.Environment.CurrentDirectory);

    public string? Env(string name) => Environment(name) is { Length: > 0 } v ? v : null;

    public string FullPath(string path) => Path.GetFullPath(path, CurrentDirectory);
}
