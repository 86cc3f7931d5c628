using System.Text;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Files;

/// <summary>
/// A write that fails halfway (a full disk, a file size limit) is one line naming the file and the cause,
/// exits 3 as sops's failed write does, and leaves the original file exactly as it was with nothing beside it.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class WriteFailureTests
{
    private static readonly string Plain = string.Concat(Enumerable.Range(0, 150).Select(i => $"key{i}: secret number {i}\n"));

    [Theory]
    [InlineData(150, 8)]
    [InlineData(3000, 300)] // 75 KB: a large file, written entry by entry as it is made
    public async Task Past_the_file_size_limit_encrypt_in_place_fails_in_one_line_and_leaves_the_file(int keys, int blocks)
    {
        using var dir = new TempDir();
        var work = Directory.CreateDirectory(dir.File("work")).FullName;
        var file = Path.Combine(work, "big.yaml");
        var plain = string.Concat(Enumerable.Range(0, keys).Select(i => $"key{i}: secret number {i}\n"));
        await File.WriteAllTextAsync(file, plain);

        // Blocks of 512 bytes: the plaintext fits, its encryption does not. SIGXFSZ is ignored so the write
        // fails with EFBIG instead of killing the process; W^X is off because the runtime's double-mapped
        // code heap is a file that the limit would not let it create.
        var prelude = $"ulimit -f {blocks}; trap '' XFSZ; export DOTNET_EnableWriteXorExecute=0";
        var run = await CliProcess.RunAsync(dir.Path, prelude, "encrypt", "-i", "--age", TestPaths.DemoRecipient, file);

        AssertOneLineFailure(run, "big.yaml", "file too large");
        Assert.Equal(plain, await File.ReadAllTextAsync(file));
        Assert.Equal(["big.yaml"], Directory.EnumerateFileSystemEntries(work).Select(Path.GetFileName));
    }

    [Fact]
    public async Task On_a_full_disk_encrypt_in_place_fails_in_one_line_and_leaves_the_file()
    {
        using var dir = new TempDir();
        var plainCopy = dir.Write("plain.yaml", Plain);
        var mount = Directory.CreateDirectory(dir.File("mnt")).FullName;

        // A 64 KB tmpfs in a private mount namespace, nearly filled; everything is checked inside it, since it
        // disappears with the namespace.
        var script = """
            mount -t tmpfs -o size=64k tmpfs "$1" || exit 99
            cd "$1" && cp "$2" big.yaml && head -c 40000 /dev/zero > filler
            dotnet "$3" encrypt -i --age "$4" big.yaml
            echo "exit=$?"
            cmp -s big.yaml "$2" && echo unchanged
            ls -A
            """;
        External.Result run;
        try
        {
            run = External.Run("unshare", ["-rm", "/bin/sh", "-c", script, "sh", mount, plainCopy, CliProcess.Dll, TestPaths.DemoRecipient],
                env: new Dictionary<string, string> { ["HOME"] = dir.File(".test-home") }, cwd: dir.Path);
        }
        catch (System.ComponentModel.Win32Exception)
        {
            run = new External.Result(99, [], "no unshare");
        }

        if (run.ExitCode == 99 || run.ExitCode == 1 && run.Stderr.Contains("unshare", StringComparison.Ordinal))
        {
            // No private mounts allowed here: the same failure from the device that is always full, where
            // there is no original to keep.
            var full = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", "--output", "/dev/full",
                await CliKit.EncryptForDemoAsync(dir, "s.yaml", CliKit.Bytes(Plain)));
            CliKit.AssertFailure(full, 3, "/dev/full", "secret number");
            Assert.Contains("no space left on device", full.Stderr);
            return;
        }

        Assert.Equal("exit=3\nunchanged\nbig.yaml\nfiller\n", run.StdoutText);
        AssertOneLineFailure(new External.Result(3, [], run.Stderr), "big.yaml", "no space left on device");
    }

    private static void AssertOneLineFailure(External.Result run, string file, string cause)
    {
        Assert.True(run.ExitCode == 3, $"exit {run.ExitCode}: {run.Stderr}");
        var lines = run.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, "expected one line on stderr, got:\n" + run.Stderr);
        Assert.Contains(file, lines[0]);
        Assert.Contains(cause, lines[0]);
        Assert.Contains("the file was not changed", lines[0]);
        Assert.DoesNotContain("secret number", run.Stderr);
        Assert.DoesNotContain("   at ", run.Stderr);
    }
}
