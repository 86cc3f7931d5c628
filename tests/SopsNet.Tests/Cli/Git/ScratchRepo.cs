using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Git;

/// <summary>
/// A throwaway git repository where git itself calls sopsnet: a <c>sopsnet</c> wrapper script running the
/// built sopsnet.dll is first on PATH, HOME and the global git config point into the scratch directory,
/// and the demo age key is the user's key.
/// </summary>
public sealed class ScratchRepo : IDisposable
{
    private readonly TempDir dir = new();

    public ScratchRepo()
    {
        var bin = Directory.CreateDirectory(System.IO.Path.Combine(dir.Path, "bin")).FullName;
        var wrapper = System.IO.Path.Combine(bin, "sopsnet");
        System.IO.File.WriteAllText(wrapper, $"#!/bin/sh\nexec dotnet \"{System.IO.Path.Combine(AppContext.BaseDirectory, "sopsnet.dll")}\" \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            System.IO.File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var home = Directory.CreateDirectory(System.IO.Path.Combine(dir.Path, "home")).FullName;
        Path = Directory.CreateDirectory(System.IO.Path.Combine(dir.Path, "repo")).FullName;
        Env = new Dictionary<string, string>
        {
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["HOME"] = home,
            ["GIT_CONFIG_GLOBAL"] = System.IO.Path.Combine(home, ".gitconfig"),
            ["GIT_CONFIG_NOSYSTEM"] = "1",
            ["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey,
            ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            ["DOTNET_NOLOGO"] = "1",
        };
        Git("init", "-q", "-b", "main");
        Git("config", "user.name", "Test");
        Git("config", "user.email", "test@example.com");
        Git("config", "commit.gpgsign", "false");
    }

    public string Path { get; }

    public Dictionary<string, string> Env { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Write(string name, string content)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(File(name))!);
        System.IO.File.WriteAllText(File(name), content);
    }

    public string Read(string name) => System.IO.File.ReadAllText(File(name));

    /// <summary>Runs git; fails the test on a non-zero exit unless <paramref name="allowFailure"/>.</summary>
    public External.Result Git(string[] args, bool allowFailure = false, IReadOnlyDictionary<string, string>? env = null)
    {
        var result = External.Run("git", args, env: env ?? Env, cwd: Path);
        Assert.True(allowFailure || result.ExitCode == 0, $"git {string.Join(' ', args)}: exit {result.ExitCode}: {result.Stderr}");
        return result;
    }

    public External.Result Git(params string[] args) => Git(args, false);

    /// <summary>Runs sopsnet in process in the repository, with the repository's environment.</summary>
    public Task<CliRun> Sopsnet(params string[] args) => CliRun.RunAsync(Path, Env, args);

    public Task<CliRun> Sopsnet(IReadOnlyDictionary<string, string> env, params string[] args) => CliRun.RunAsync(Path, env, args);

    /// <summary>A .sops.yaml with one rule per regex, all for the demo recipient.</summary>
    public void Config(params string[] pathRegexes) =>
        Write(".sops.yaml", "creation_rules:\n" + string.Concat(pathRegexes.Select(r => $"  - path_regex: '{r}'\n    age: {TestPaths.DemoRecipient}\n")));

    public void Dispose() => dir.Dispose();
}
