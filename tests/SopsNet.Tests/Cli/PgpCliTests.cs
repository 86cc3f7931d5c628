using SopsNet.Tests.Pgp;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

[Collection(PgpTestKeys.Collection)]
public sealed class PgpCliTests(PgpTestKeys keys) : IDisposable
{
    private const string Plain = "db:\n    password: pgp-secret\n";

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    /// <summary>Only the given secret ring, in process; no gpg at all.</summary>
    private static Dictionary<string, string> OnlyRing(string ring) => new()
    {
        ["SOPS_GPG_EXEC"] = "/nonexistent/gpg",
        ["SOPSNET_PGP_SECRET_KEYRING"] = ring,
    };

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task A_file_for_two_pgp_keys_and_one_age_key_decrypts_with_any_one_of_them_alone()
    {
        var file = dir.Write("s.yaml", Plain);
        var encryptEnv = new Dictionary<string, string> { ["SOPSNET_PGP_PUBLIC_KEYRING"] = keys.PublicRing, ["SOPS_GPG_EXEC"] = "/nonexistent/gpg" };
        var run = await CliRun.RunAsync(dir.Path, encryptEnv, "encrypt", "-i", "--pgp", $"{keys.Rsa.Primary},{keys.Curve.Primary}", "--age", TestPaths.DemoRecipient, file);
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(2, File.ReadAllText(file).Split("-----BEGIN PGP MESSAGE-----").Length - 1);

        foreach (var env in new[]
        {
            OnlyRing(keys.RsaSecretRing),
            OnlyRing(keys.CurveSecretRing),
            new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey, ["SOPSNET_PGP_IN_PROCESS"] = "false", ["SOPS_GPG_EXEC"] = "/nonexistent/gpg" },
        })
        {
            var decrypted = await CliRun.RunAsync(dir.Path, env, "decrypt", file);
            Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
            Assert.Equal(Plain, decrypted.Stdout);
        }
    }

    [ExternalToolFact(ExternalTool.Gpg)]
    public async Task No_usable_pgp_key_exits_128_naming_the_fingerprint()
    {
        var file = dir.Write("s.yaml", Plain);
        var encryptEnv = new Dictionary<string, string> { ["SOPSNET_PGP_PUBLIC_KEYRING"] = keys.PublicRing, ["SOPS_GPG_EXEC"] = "/nonexistent/gpg" };
        Assert.Equal(0, (await CliRun.RunAsync(dir.Path, encryptEnv, "encrypt", "-i", "--pgp", keys.Rsa.Primary, file)).ExitCode);

        var run = await CliRun.RunAsync(dir.Path, OnlyRing(keys.CurveSecretRing), "decrypt", file);
        Assert.Equal(128, run.ExitCode);
        Assert.Contains(keys.Rsa.Primary, run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("pgp-secret", run.Stderr + run.Stdout);
    }
}
