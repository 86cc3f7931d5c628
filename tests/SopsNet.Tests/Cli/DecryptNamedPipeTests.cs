using System.Diagnostics;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// `sopsnet decrypt` reads a YAML file piece by piece (its end first, then its start), which only a
/// regular file allows. A named pipe (`mkfifo`, a CI step feeding a secret through one) must be read once,
/// whole: opening it for the piecewise reading and closing it unread lost the writer's data, and the
/// whole-file reading then waited for a writer that was gone.
/// </summary>
public sealed class DecryptNamedPipeTests : IDisposable
{
    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Fact]
    public async Task A_yaml_file_fed_through_a_named_pipe_decrypts()
    {
        var encrypted = await File.ReadAllBytesAsync(await CliKit.EncryptForDemoAsync(dir, "s.yaml", CliKit.Bytes("a: piped-secret\nb: 2\n")));
        var pipe = dir.File("pipe.yaml");
        using (var mkfifo = Process.Start("mkfifo", pipe))
        {
            await mkfifo.WaitForExitAsync();
            Assert.Equal(0, mkfifo.ExitCode);
        }

        var writer = Task.Run(() => File.WriteAllBytes(pipe, encrypted));
        var decrypt = Task.Run(() => CliKit.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "decrypt", pipe)); // off this thread: opening a pipe blocks
        var finished = await Task.WhenAny(decrypt, Task.Delay(TimeSpan.FromSeconds(30)));

        Assert.True(finished == decrypt, "decrypt of a named pipe did not finish in 30 s");
        var run = await decrypt;
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("a: piped-secret\nb: 2\n", run.Stdout);
        await writer;
    }
}
