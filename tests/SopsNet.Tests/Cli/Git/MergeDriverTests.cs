using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Git;

/// <summary>The merge driver called directly, as git calls it: the cases a repository rarely produces on purpose.</summary>
public sealed class MergeDriverTests
{
    [ExternalToolFact(ExternalTool.Git)]
    public async Task PlainFilesFallBackToGitsTextMerge()
    {
        using var dir = new TempDir();
        dir.Write("base", "a: 1\nb: 2\nc: 3\n");
        dir.Write("ours", "a: 10\nb: 2\nc: 3\n");
        dir.Write("theirs", "a: 1\nb: 2\nc: 30\n");
        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "merge", "base", "ours", "theirs", "config.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("a: 10\nb: 2\nc: 30\n", File.ReadAllText(dir.File("ours")));
    }

    [Fact]
    public async Task OneSideEncryptedAndTheOtherNotFailsAndLeavesOursAlone()
    {
        using var dir = new TempDir();
        var enc = await CliKit.EncryptForDemoAsync(dir, "s.yaml", CliKit.Bytes("a: secret-one\n"));
        File.Copy(enc, dir.File("base"));
        File.Copy(enc, dir.File("ours"));
        dir.Write("theirs", "a: secret-two\n");
        var before = await File.ReadAllBytesAsync(dir.File("ours"));

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "merge", "base", "ours", "theirs", "s.yaml");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("s.yaml: their version is not encrypted and the other is", run.Stderr);
        Assert.Equal(before, await File.ReadAllBytesAsync(dir.File("ours")));
        CliKit.AssertNoSecret(run, "secret-one", "secret-two");
    }

    [Fact]
    public async Task WithoutACommonAncestorEqualValuesMergeAndDifferentOnesConflict()
    {
        using var dir = new TempDir();
        File.Copy(await CliKit.EncryptForDemoAsync(dir, "o.yaml", CliKit.Bytes("same: s\nmine: 1\nboth: ours-v\n")), dir.File("ours"));
        File.Copy(await CliKit.EncryptForDemoAsync(dir, "t.yaml", CliKit.Bytes("same: s\nboth: theirs-v\nyours: 2\n")), dir.File("theirs"));
        dir.Write("base", "");

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "merge", "base", "ours", "theirs", "app.yaml");
        Assert.Equal(1, run.ExitCode);
        Assert.Equal("sopsnet: error: app.yaml: merge conflict at [\"both\"]: added differently on both sides; ours is kept (theirs: git show :3:app.yaml)\n", run.Stderr);
        var merged = await CliKit.DecryptWithDemoKeyAsync(dir.Path, "--input-type", "yaml", "ours");
        Assert.Equal("same: s\nmine: 1\nboth: ours-v\nyours: 2\n", CliKit.Text(merged));
    }

    [Fact]
    public async Task WithoutTheKeyTheMergeFailsAndLeavesOursAlone()
    {
        using var dir = new TempDir();
        var enc = await CliKit.EncryptForDemoAsync(dir, "s.yaml", CliKit.Bytes("a: 1\n"));
        foreach (var name in new[] { "base", "ours", "theirs" })
        {
            File.Copy(enc, dir.File(name));
        }

        var before = await File.ReadAllBytesAsync(dir.File("ours"));
        var run = await CliRun.RunAsync(dir.Path, CliKit.CorpusKeyEnv(), "merge", "base", "ours", "theirs", "s.yaml");
        Assert.Equal(1, run.ExitCode);
        Assert.Contains("s.yaml: our version: no master key could decrypt the data key", run.Stderr);
        Assert.Equal(before, await File.ReadAllBytesAsync(dir.File("ours")));
    }
}
