using System.Text;
using SopsNet.Cli.Exec;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Files;

/// <summary>
/// A sopsnet killed while <c>decrypt -i</c> writes must not leave a plaintext temp file beside the file,
/// where <c>git add -A</c> would pick it up. The test watches the directory and sends the signal the moment
/// anything besides the file appears there (the old named temp file was there for the whole write).
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
public sealed class KillDuringWriteTests
{
    [Theory]
    [InlineData(9)]
    [InlineData(15)]
    public async Task Killing_decrypt_in_place_leaves_only_the_old_or_the_new_file(int signal)
    {
        using var dir = new TempDir();
        var plain = new StringBuilder();
        for (var i = 0; i < 2000; i++)
        {
            plain.Append("key_").Append(i).Append(": secret value ").Append(i).Append('\n');
        }

        var encrypted = await File.ReadAllBytesAsync(await CliKit.EncryptForDemoAsync(dir, "plain.yaml", CliKit.Bytes(plain.ToString())));
        var work = Directory.CreateDirectory(dir.File("work")).FullName;
        var file = Path.Combine(work, "secrets.yaml");
        for (var attempt = 0; attempt < 1; attempt++)
        {
            await File.WriteAllBytesAsync(file, encrypted);
            using var process = CliProcess.Start(dir.Path, "", "decrypt", "-i", file);
            process.StandardInput.Close();
            var stderr = process.StandardError.ReadToEndAsync();
            while (!process.HasExited)
            {
                if (Directory.EnumerateFileSystemEntries(work).Any(e => e != file))
                {
                    Native.Kill(process.Id, signal);
                    break;
                }
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(["secrets.yaml"], Directory.EnumerateFileSystemEntries(work).Select(Path.GetFileName));
            var now = await File.ReadAllBytesAsync(file);
            Assert.True(now.AsSpan().SequenceEqual(encrypted) || CliKit.Text(now) == plain.ToString(),
                $"after signal {signal} the file is neither the old nor the new one (exit {process.ExitCode}: {await stderr})");
        }
    }
}
