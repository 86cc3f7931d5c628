using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// A throw-away GnuPG home holding the sops functional-test keys, shared by one test class (importing and
/// starting an agent per test would be slow); the agent it starts is killed at the end.
/// </summary>
public sealed class GnuPgHome : IDisposable
{
    // gpg-agent's socket path must stay short (sun_path is ~108 bytes), so a short name under /tmp.
    private readonly TempDir dir = new();

    public GnuPgHome()
    {
        Path = System.IO.Path.Combine(dir.Path, "g");
        Directory.CreateDirectory(Path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var import = External.Run("gpg", ["--batch", "--import", TestPaths.Corpus("keys/sops_functional_tests_key.asc")], env: Env);
        if (import.ExitCode != 0)
        {
            throw new InvalidOperationException("gpg --import of the sops test keys failed: " + import.Stderr);
        }
    }

    public string Path { get; }

    public Dictionary<string, string> Env => new() { ["GNUPGHOME"] = Path };

    public void Dispose()
    {
        External.Run("gpgconf", ["--kill", "gpg-agent"], env: Env);
        dir.Dispose();
    }
}
