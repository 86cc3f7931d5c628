namespace SopsNet.Cli;

/// <summary>
/// Everything the CLI takes from the outside world: streams, environment, working directory, clock.
/// Tests run the real commands in process with their own context instead of mocking anything.
/// </summary>
internal sealed record CliContext(Stream StandardInput, Stream StandardOutput, TextWriter StandardError, Func<string, string?> Environment, string CurrentDirectory)
{
    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The name we were invoked as (argv[0]'s file name): installed as <c>sops</c>, --version answers as sops does.</summary>
    public string ProgramName { get; init; } = "sopsnet";

    /// <summary>
    /// This context is the process itself, not a caller running commands in it (tests): only then may a
    /// command replace the process (exec-env --same-process) or change its user (--user).
    /// </summary>
    public bool OwnsProcess { get; init; }

    /// <summary>
    /// <see cref="StandardError"/> is the process's own stderr and a terminal: only then are prompts and
    /// progress lines shown and errors coloured (a test's or a pipe's streams get plain text).
    /// </summary>
    public bool StandardErrorIsTerminal { get; init; }

    /// <summary>--enable-local-keyservice and --keyservice of this run.</summary>
    public KeyServiceSettings KeyServices { get; init; } = KeyServiceSettings.LocalOnly;

    /// <summary>The files this run has locked for a read-modify-write (see <see cref="IO.TargetLock"/>).</summary>
    public IO.TargetLocks Locks { get; init; } = new();

    public static CliContext FromProcess() => new(
        Console.OpenStandardInput(),
        Console.OpenStandardOutput(),
        Console.Error,
        System.Environment.GetEnvironmentVariable,
        System.Environment.CurrentDirectory)
    {
        ProgramName = InvocationName.Get(),
        OwnsProcess = true,
        StandardErrorIsTerminal = !Console.IsErrorRedirected,
    };

    public string? Env(string name) => Environment(name) is { Length: > 0 } v ? v : null;

    public string FullPath(string path) => Path.GetFullPath(path, CurrentDirectory);
}
