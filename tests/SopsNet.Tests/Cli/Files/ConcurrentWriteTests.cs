using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Files;

/// <summary>
/// Two sopsnet commands changing one file at the same moment take turns, and the second applies its
/// change to what the first wrote: neither update is lost (without the lock, one was, every time).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class ConcurrentWriteTests
{
    [Fact]
    public async Task Ten_pairs_of_concurrent_set_keep_both_updates_every_time()
    {
        using var dir = new TempDir();
        var file = await CliKit.EncryptForDemoAsync(dir, "s.yaml", CliKit.Bytes("a: start\nb: start\n"));
        for (var i = 0; i < 10; i++)
        {
            // Separate runs in one process contend as separate processes do: each opens its own descriptor.
            var runs = await Task.WhenAll(
                Task.Run(() => CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "set", file, "[\"a\"]", $"\"a{i}\"")),
                Task.Run(() => CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "set", file, "[\"b\"]", $"\"b{i}\"")));
            Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.ToString()));
            Assert.Equal($"a: a{i}\nb: b{i}\n", CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, file)));
        }
    }

    [Fact]
    public async Task Concurrent_set_processes_keep_both_updates()
    {
        using var dir = new TempDir();
        var file = await CliKit.EncryptForDemoAsync(dir, "s.yaml", CliKit.Bytes("a: start\nb: start\n"));
        for (var i = 0; i < 2; i++)
        {
            var runs = await Task.WhenAll(
                CliProcess.RunAsync(dir.Path, "", "set", file, "[\"a\"]", $"\"a{i}\""),
                CliProcess.RunAsync(dir.Path, "", "set", file, "[\"b\"]", $"\"b{i}\""));
            Assert.All(runs, r => Assert.True(r.ExitCode == 0, r.Stderr));
            Assert.Equal($"a: a{i}\nb: b{i}\n", CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, file)));
        }
    }
}
