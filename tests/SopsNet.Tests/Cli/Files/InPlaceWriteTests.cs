using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Files;

/// <summary>
/// Writing a file in place respects what it is on disk: a symlink stays a link and its target is what
/// gets written, a hard-linked file is refused rather than leaving its twin with the old content, and the
/// file keeps its permissions, owner and group.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class InPlaceWriteTests
{
    private const string Plain = "password: hunter2\n";

    [Fact]
    public async Task Encrypt_in_place_through_a_chain_of_symlinks_encrypts_the_target_and_keeps_the_links()
    {
        using var dir = new TempDir();
        var target = dir.Write("real/secrets.yaml", Plain);
        File.CreateSymbolicLink(dir.File("middle.yaml"), "real/secrets.yaml");
        File.CreateSymbolicLink(dir.File("link.yaml"), "middle.yaml");

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, "link.yaml");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("middle.yaml", new FileInfo(dir.File("link.yaml")).LinkTarget);
        Assert.Equal("real/secrets.yaml", new FileInfo(dir.File("middle.yaml")).LinkTarget);
        Assert.DoesNotContain("hunter2", File.ReadAllText(target));
        Assert.Equal(Plain, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, "link.yaml")));
        Assert.Equal(["secrets.yaml"], Directory.EnumerateFileSystemEntries(dir.File("real")).Select(Path.GetFileName));
    }

    [Fact]
    public async Task A_hard_linked_file_is_refused_in_one_line_and_neither_name_changes()
    {
        using var dir = new TempDir();
        var file = dir.Write("secrets.yaml", Plain);
        Assert.Equal(0, External.Run("ln", [file, dir.File("twin.yaml")]).ExitCode);

        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, "secrets.yaml");

        CliKit.AssertFailure(run, 3, "secrets.yaml", "hunter2");
        Assert.Contains("2 hard links", run.Stderr);
        Assert.Equal(Plain, File.ReadAllText(file));
        Assert.Equal(Plain, File.ReadAllText(dir.File("twin.yaml")));
        Assert.Equal(["secrets.yaml", "twin.yaml"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName).Order());
    }

    [Fact]
    public async Task Set_keeps_the_files_mode_and_owner()
    {
        using var dir = new TempDir();
        var file = await CliKit.EncryptForDemoAsync(dir, "s.yaml", CliKit.Bytes("a: 1\n"));
        File.SetUnixFileMode(file, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

        // Only root can give a file away; anyone else checks that their own file keeps its owner.
        var root = External.Run("id", ["-u"]).StdoutText.Trim() == "0";
        if (root)
        {
            Assert.Equal(0, External.Run("chown", ["1234:5678", file]).ExitCode);
        }

        var before = Owner(file);
        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "set", file, "[\"a\"]", "2");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("a: 2\n", CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, file)));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead, File.GetUnixFileMode(file));
        Assert.Equal(before, Owner(file));
        Assert.True(!root || before == "1234:5678", before);
    }

    private static string Owner(string file) => External.Run("stat", ["-c", "%u:%g", file]).StdoutText.Trim();
}
