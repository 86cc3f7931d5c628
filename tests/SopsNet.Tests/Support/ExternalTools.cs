using System.Collections.Concurrent;
using System.Diagnostics;

namespace SopsNet.Tests.Support;

/// <summary>
/// Whether the external tools the interop tests drive are installed. A fresh machine may lack them:
/// the tests that need a missing tool are then skipped with the reason and the install command, never
/// passed silently; with <c>SOPSNET_REQUIRE_INTEROP=1</c> (set by .ci/run) they fail instead, so CI
/// cannot go green without them. Detection happens once per tool, at test discovery.
/// </summary>
public static class ExternalTools
{
    public const string RequireVariable = "SOPSNET_REQUIRE_INTEROP";

    private static readonly ConcurrentDictionary<ExternalTool, bool> Found = new();

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";

    /// <summary>What is missing and how to install it, e.g. "age, age-keygen not on PATH (install: apt-get install age)"; null when every tool is there.</summary>
    public static string? Missing(IEnumerable<ExternalTool> tools)
    {
        var missing = tools.Distinct().Where(t => !IsInstalled(t)).ToList();
        return missing.Count == 0 ? null : string.Join("; ", missing.Select(Describe));
    }

    /// <summary>The reason a test that needs <paramref name="tools"/> is skipped; null when it can run or must fail instead.</summary>
    public static string? SkipReason(ExternalTool[] tools) =>
        Missing(tools) is { } missing && !Required ? $"{missing}; {RequireVariable}=1 makes this a failure" : null;

    /// <summary>The failure of a test that needs <paramref name="tools"/> when <c>SOPSNET_REQUIRE_INTEROP=1</c>; null otherwise.</summary>
    public static string? RequiredButMissing(ExternalTool[] tools) =>
        Missing(tools) is { } missing && Required ? $"{missing}, and {RequireVariable}=1 requires it" : null;

    public static bool IsInstalled(ExternalTool tool) => Found.GetOrAdd(tool, Probe);

    /// <summary>What is missing and the command that installs it.</summary>
    public static string Describe(ExternalTool tool) => tool switch
    {
        ExternalTool.Age => "age, age-keygen not on PATH (install: apt-get install age)",
        ExternalTool.Gpg => "gpg, gpgconf not on PATH (install: apt-get install gnupg)",
        ExternalTool.Python3 => "python3 with the cryptography and yaml modules not found (install: apt-get install python3 python3-cryptography python3-yaml)",
        ExternalTool.SshKeygen => "ssh-keygen not on PATH (install: apt-get install openssh-client)",
        ExternalTool.Git => "git not on PATH (install: apt-get install git)",
        ExternalTool.AgeEncryptionNpm => "node or the age-encryption npm package not found (install: npm ci --prefix tests/interop/npm)",
        ExternalTool.SopsAgeNpm => "node or the sops-age npm package not found (install: npm ci --prefix tests/interop/npm)",
        _ => throw new ArgumentOutOfRangeException(nameof(tool), tool, null),
    };

    private static bool Probe(ExternalTool tool) => tool switch
    {
        ExternalTool.Age => OnPath("age") && OnPath("age-keygen"),
        ExternalTool.Gpg => OnPath("gpg") && OnPath("gpgconf"),
        // The module check runs python once: an interpreter without them fails every interop script.
        ExternalTool.Python3 => OnPath("python3") && Succeeds("python3", "-c", "import cryptography, yaml"),
        ExternalTool.SshKeygen => OnPath("ssh-keygen"),
        ExternalTool.Git => OnPath("git"),
        ExternalTool.AgeEncryptionNpm => OnPath("node") && File.Exists(TestPaths.Repo("tests/interop/npm/node_modules/age-encryption/package.json")),
        ExternalTool.SopsAgeNpm => OnPath("node") && File.Exists(TestPaths.Repo("tests/interop/npm/node_modules/sops-age/package.json")),
        _ => throw new ArgumentOutOfRangeException(nameof(tool), tool, null),
    };

    private static bool OnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, command))
            .Any(file => File.Exists(file) && (OperatingSystem.IsWindows() || (File.GetUnixFileMode(file) & UnixFileMode.UserExecute) != 0));

    private static bool Succeeds(string file, params string[] args)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        using var process = Process.Start(start)!;
        process.StandardOutput.ReadToEnd();
        process.StandardError.ReadToEnd();
        return process.WaitForExit(30_000) && process.ExitCode == 0;
    }
}
