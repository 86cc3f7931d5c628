using SopsNet.Tests.Cli;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Pgp;

/// <summary>
/// With a normal GnuPG 2.1+ home (the key imported by the real gpg, so it lives in pubring.kbx and
/// private-keys-v1.d), sopsnet encrypts without gpg and says once why decrypting still needs gpg.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class PgpKeyboxCliTests : IDisposable
{
    private const string Plain = "db:\n    password: kbx-secret\n";

    private readonly GnuPgHome gnupg = new();

    private readonly TempDir dir = new();

    public void Dispose()
    {
        gnupg.Dispose();
        dir.Dispose();
    }

    /// <summary>A gpg that records each call and fails, so any use of it shows.</summary>
    private string SpyGpg()
    {
        var script = dir.Write("gpg-spy.sh", $"#!/bin/sh\necho \"$@\" >> '{dir.File("gpg-calls")}'\necho 'gpg: called' >&2\nexit 2\n");
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return script;
    }

    [Theory]
    [InlineData(PgpKeyboxTests.K1)]
    [InlineData(PgpKeyboxTests.K2)]
    public async Task In_process_encryption_to_a_key_gpg_imported_never_calls_gpg_and_gpg_decrypts_it(string fp)
    {
        var file = dir.Write("s.yaml", Plain);
        var env = new Dictionary<string, string>(gnupg.Env) { ["SOPSNET_PGP_IN_PROCESS"] = "true", ["SOPS_GPG_EXEC"] = SpyGpg() };

        var run = await CliRun.RunAsync(dir.Path, env, "encrypt", "-i", "--pgp", fp, file);

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);
        Assert.False(File.Exists(dir.File("gpg-calls")), "gpg was called: " + (File.Exists(dir.File("gpg-calls")) ? File.ReadAllText(dir.File("gpg-calls")) : ""));
        Assert.Contains("-----BEGIN PGP MESSAGE-----", File.ReadAllText(file), StringComparison.Ordinal);

        // The real gpg, called as sops calls it, opens what we wrote.
        var gpgOnly = new Dictionary<string, string>(gnupg.Env) { ["SOPSNET_PGP_IN_PROCESS"] = "false" };
        var decrypted = await CliRun.RunAsync(dir.Path, gpgOnly, "decrypt", file);
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        Assert.Equal(Plain, decrypted.Stdout);
    }

    [Fact]
    public async Task Decrypting_through_gpg_says_once_why_when_in_process_was_asked_for()
    {
        var first = dir.Write("a.yaml", "a: one\n");
        var second = dir.Write("b.yaml", "b: two\n");
        var env = new Dictionary<string, string>(gnupg.Env) { ["SOPSNET_PGP_IN_PROCESS"] = "true" };
        foreach (var file in new[] { first, second })
        {
            var encrypted = await CliRun.RunAsync(dir.Path, env, "encrypt", "-i", "--pgp", PgpKeyboxTests.K1, file);
            Assert.True(encrypted.ExitCode == 0, encrypted.ToString());
        }

        // Two files with two data keys: gpg decrypts twice, the note comes once.
        var run = await CliRun.RunAsync(dir.Path, env, "exec-env", first, second, "test \"$a$b\" = onetwo");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal($"sopsnet: pgp: secret keys in {Path.Combine(gnupg.Path, "private-keys-v1.d")} are held by gpg-agent; decrypting through gpg\n", run.Stderr);

        // By default gpg is used as silently as sops uses it.
        env.Remove("SOPSNET_PGP_IN_PROCESS");
        var quiet = await CliRun.RunAsync(dir.Path, env, "decrypt", first);
        Assert.True(quiet.ExitCode == 0, quiet.ToString());
        Assert.Equal("", quiet.Stderr);
        Assert.Equal("a: one\n", quiet.Stdout);
    }
}
