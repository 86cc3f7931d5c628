using SopsNet.Tests.Support;

namespace SopsNet.Tests.Age;

/// <summary>
/// The age-encryption npm package (typage, an independent age implementation with hybrid post-quantum
/// support) through tests/interop/npm/age.mjs. Needs node and `npm ci --prefix tests/interop/npm`.
/// </summary>
internal static class AgeNpm
{
    public static string Dir => TestPaths.Repo("tests/interop/npm");

    /// <summary>
    /// Null when the package is installed, else why not. SOPSNET_REQUIRE_INTEROP=1 (CI) turns the skip
    /// into a failure, so a broken install cannot pass silently.
    /// </summary>
    public static string? Missing =>
        File.Exists(Path.Combine(Dir, "node_modules", "age-encryption", "package.json"))
            ? null
            : "needs the age-encryption npm package: run `npm ci --prefix tests/interop/npm`";

    public static bool Required => Environment.GetEnvironmentVariable("SOPSNET_REQUIRE_INTEROP") == "1";

    /// <summary>Runs <c>node age.mjs ARGS</c>; fails the test when it fails.</summary>
    public static External.Result Run(byte[]? stdin, params string[] args)
    {
        Assert.True(Missing is null, Missing);
        var result = External.Run("node", [Path.Combine(Dir, "age.mjs"), .. args], stdin, cwd: Dir);
        Assert.True(result.ExitCode == 0, $"node age.mjs {args[0]} failed ({result.ExitCode}): {result.Stderr}");
        return result;
    }
}
