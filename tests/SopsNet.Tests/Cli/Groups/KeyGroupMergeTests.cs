using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Groups;

/// <summary>The git merge driver on files with several key groups (shamir): it used to crash on them.</summary>
public sealed class KeyGroupMergeTests
{
    [Fact]
    public async Task TwoGroupFileMergesValuesAndKeepsItsGroups()
    {
        using var f = new ShamirFiles();
        f.WriteConfig(2);
        Assert.Equal(0, (await f.RunAsync(null, "encrypt", "--output", "enc.yaml", "secrets.yaml")).ExitCode);
        foreach (var name in new[] { "base", "ours", "theirs" })
        {
            File.Copy(f.Dir.File("enc.yaml"), f.Dir.File(name));
        }

        var env = f.With(0, 1);
        Assert.Equal(0, (await f.RunAsync(env, "set", "--input-type", "yaml", "ours", "[\"api_token\"]", "\"ours-token\"")).ExitCode);
        Assert.Equal(0, (await f.RunAsync(env, "set", "--input-type", "yaml", "theirs", "[\"db\"][\"user\"]", "\"theirs-user\"")).ExitCode);

        var run = await f.RunAsync(env, "merge", "base", "ours", "theirs", "secrets.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("", run.Stderr);

        // Any two of the three groups still open the merged file: it kept its groups and threshold.
        var decrypted = await f.RunAsync(f.With(1, 2), "decrypt", "--input-type", "yaml", "ours");
        Assert.True(decrypted.ExitCode == 0, decrypted.ToString());
        Assert.Equal("db:\n    user: theirs-user\n    password: hunter2\napi_token: ours-token\n", decrypted.Stdout);
        Assert.Equal(3, File.ReadAllText(f.Dir.File("ours")).Split("- age:").Length - 1);
    }

    [Fact]
    public async Task DifferentGroupLayoutsAreRefusedInOneLineAndOursIsLeftAlone()
    {
        using var f = new ShamirFiles();
        f.WriteConfig(2);
        Assert.Equal(0, (await f.RunAsync(null, "encrypt", "--output", "enc.yaml", "secrets.yaml")).ExitCode);
        foreach (var name in new[] { "base", "ours", "theirs" })
        {
            File.Copy(f.Dir.File("enc.yaml"), f.Dir.File(name));
        }

        // Their side dropped a key group: which shares hold the data key differs between the sides.
        Assert.Equal(0, (await f.RunAsync(f.With(0, 1, 2), "groups", "delete", "--file", "theirs", "--input-type", "yaml", "-i", "2")).ExitCode);
        var before = await File.ReadAllBytesAsync(f.Dir.File("ours"));

        var run = await f.RunAsync(f.With(0, 1, 2), "merge", "base", "ours", "theirs", "secrets.yaml");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal(
            "sopsnet: error: secrets.yaml: ours has 3 key groups and theirs 2: the key groups cannot be merged; merge by hand\n",
            run.Stderr);
        Assert.Equal(before, await File.ReadAllBytesAsync(f.Dir.File("ours")));
        CliKit.AssertNoSecret(run, "hunter2", "t0ken-value");
    }
}
