using System.Diagnostics;
using System.Text;
using SopsNet.Cli.IO;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class AtomicWriteTests
{
    [Fact]
    public void A_failing_write_leaves_the_target_and_no_temp_file()
    {
        using var dir = new TempDir();

        // A directory where the file should go: the final rename fails after everything was written.
        var target = Path.Combine(dir.Path, "target.yaml");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "keep"), "x");
        Assert.ThrowsAny<Exception>(() => AtomicFile.Write(target, "new content"u8, NewFileMode.Default));
        Assert.True(File.Exists(Path.Combine(target, "keep")));
        Assert.Equal(["target.yaml"], Directory.EnumerateFileSystemEntries(dir.Path).Select(Path.GetFileName));
    }

    [Fact]
    public void The_target_keeps_its_permissions()
    {
        using var dir = new TempDir();
        var target = dir.Write("secret.yaml", "old");
        File.SetUnixFileMode(target, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        AtomicFile.Write(target, "new"u8, NewFileMode.Default);
        Assert.Equal("new", File.ReadAllText(target));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(target));
    }

    [Fact]
    public async Task Killing_encrypt_in_place_at_any_moment_leaves_the_old_or_the_new_complete_file()
    {
        using var dir = new TempDir();
        var plain = new StringBuilder();
        for (var i = 0; i < 20_000; i++)
        {
            plain.Append("key_").Append(i).Append(": value number ").Append(i).Append('\n');
        }

        var original = Encoding.UTF8.GetBytes(plain.ToString());
        var sopsnet = Path.Combine(AppContext.BaseDirectory, "sopsnet.dll");
        var outcomes = new List<string>();
        foreach (var delay in new[] { 150, 300, 450, 600, 800, 1100 })
        {
            var file = Path.Combine(dir.Path, $"big{delay}.yaml");
            File.WriteAllBytes(file, original);
            var start = new ProcessStartInfo("dotnet") { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var a in new[] { sopsnet, "encrypt", "-i", "--age", TestPaths.DemoRecipient, file })
            {
                start.ArgumentList.Add(a);
            }

            using var process = Process.Start(start)!;
            await Task.Delay(delay);
            if (!process.HasExited)
            {
                process.Kill(); // SIGKILL: no chance to clean up
            }

            process.WaitForExit();
            var now = File.ReadAllBytes(file);
            if (now.AsSpan().SequenceEqual(original))
            {
                outcomes.Add("old");
                continue;
            }

            // Otherwise it must be the complete encrypted file.
            var decrypted = await CliRun.RunAsync(dir.Path, new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = TestPaths.DemoKey }, "decrypt", file);
            Assert.True(decrypted.ExitCode == 0, $"after a kill at {delay} ms the file is neither old nor new: {decrypted}");
            Assert.Equal(original, decrypted.StdoutBytes);
            outcomes.Add("new");
        }

        // The kills must have landed before and after the rename for the test to mean something.
        Assert.Contains("old", outcomes);
    }
}
