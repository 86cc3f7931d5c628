using SopsNet.Tests.Support;

namespace SopsNet.Tests.Age;

/// <summary>
/// The age-encryption npm package (typage, an independent age implementation with hybrid post-quantum
/// support) through tests/interop/npm/age.mjs. Tests using it carry [ExternalToolFact(ExternalTool.AgeEncryptionNpm)].
/// </summary>
internal static class AgeNpm
{
    public static string Dir => TestPaths.Repo("tests/interop/npm");

    /// <summary>Runs <c>node age.mjs ARGS</c>; fails the test when it fails.</summary>
    public static External.Result Run(byte[]? stdin, params string[] args)
    {
        var result = External.Run("node", [Path.Combine(Dir, "age.mjs"), .. args], stdin, cwd: Dir);
        Assert.True(result.ExitCode == 0, $"node age.mjs {args[0]} failed ({result.ExitCode}): {result.Stderr}");
        return result;
    }
}
