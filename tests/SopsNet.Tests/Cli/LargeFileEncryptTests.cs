using System.Text;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

/// <summary>
/// `sopsnet encrypt` writes a large YAML or JSON file one top-level entry at a time, each checked before it is written,
/// to keep its memory near the plaintext's size (see SopsNet.Documents.PlainEntries). To its user nothing else
/// changes: every destination gets a file that decrypts to the plaintext, a file being replaced keeps its mode,
/// the warnings name the lines of the whole file, shown three times then counted, and a file whose entries do
/// not read alone is still encrypted, whole.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class LargeFileEncryptTests : IDisposable
{
    // About 130 KB each: above the size from which a file is written entry by entry.
    private static readonly string Yaml = string.Concat(Enumerable.Range(0, 1500).Select(i =>
        $"# service {i}\nservice_{i}:\n  password: secret-value-{i}\n  port: {8000 + i}\n  hosts:\n  - a{i}.example\n  - b{i}.example\n"));

    private static readonly string Json = "{\n" + string.Join(",\n", Enumerable.Range(0, 1500).Select(i =>
        $"    \"service_{i}\": {{\n        \"password\": \"secret-value-{i}\",\n        \"port\": {8000 + i},\n        \"hosts\": [\n            \"a{i}.example\"\n        ]\n    }}")) + "\n}\n";

    private readonly TempDir dir = new();

    public void Dispose() => dir.Dispose();

    [Theory]
    [InlineData("yaml")]
    [InlineData("json")]
    public async Task A_large_file_encrypts_to_standard_output_a_file_and_in_place(string format)
    {
        var plaintext = format == "yaml" ? Yaml : Json;
        Assert.True(plaintext.Length > 128 * 1024, "the file is not large");
        var name = "big." + format;
        var plain = dir.Write(name, plaintext);
        var stdout = await CliKit.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, name);
        Assert.True(stdout.ExitCode == 0, stdout.ToString());
        Assert.Equal("", stdout.Stderr);
        await File.WriteAllBytesAsync(dir.File("stdout.enc." + format), stdout.StdoutBytes);

        var output = await CliKit.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "--output", "out.enc." + format, name);
        Assert.True(output.ExitCode == 0, output.ToString());

        File.SetUnixFileMode(plain, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        var inPlace = await CliKit.RunAsync(dir.Path, null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, name);
        Assert.True(inPlace.ExitCode == 0, inPlace.ToString());
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(plain));

        foreach (var file in new[] { "stdout.enc." + format, "out.enc." + format, name })
        {
            var text = await File.ReadAllTextAsync(dir.File(file));
            Assert.DoesNotContain("secret-value-", text, StringComparison.Ordinal);
            Assert.Equal(1500, text.Split(format == "yaml" ? "\nservice_" : "\n    \"service_").Length - 1 + (text.StartsWith("service_", StringComparison.Ordinal) ? 1 : 0));
            Assert.True(text.LastIndexOf(format == "yaml" ? "\nsops:\n" : "\n    \"sops\": {", StringComparison.Ordinal) > text.LastIndexOf("service_1499", StringComparison.Ordinal), "the sops block is not after the last entry");
            Assert.Equal(plaintext, CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, file)));
        }
    }

    [Theory]
    [InlineData("yaml", true)]
    [InlineData("json", true)]
    [InlineData("yaml", false)]
    public void Only_a_large_file_is_encrypted_entry_by_entry(string format, bool large)
    {
        // What the command above cannot show from outside: that it took the entry-by-entry writing at all.
        var plaintext = format == "yaml" ? Yaml : Json;
        dir.Write("f." + format, large ? plaintext : plaintext[..plaintext.IndexOf("# service 20", StringComparison.Ordinal)]);
        var ctx = new SopsNet.Cli.CliContext(new MemoryStream(), new MemoryStream(), TextWriter.Null, _ => null, dir.Path);
        var job = SopsNet.Cli.Commands.FileJob.Open(ctx, new SopsNet.Cli.Commands.FileOptions("f." + format));
        Assert.Equal(large, job.TryParseEntries(new SopsNet.Cli.Output.WarningTally()) is not null);
    }

    [Fact]
    public async Task Its_warnings_name_the_lines_of_the_whole_file_three_times_then_a_count()
    {
        dir.Write("big.yaml", string.Concat(Enumerable.Range(0, 1500).Select(i =>
            $"# service {i}\nservice_{i}:\n  password: secret-value-{i}\n  port: {8000 + i}\n  hosts: [a{i}.example, b{i}.example]\n")));
        var run = await CliKit.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "big.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        var message = "plain scalar in a flow collection will be written back as a double-quoted scalar";
        Assert.Equal(
            $"sopsnet: warning: big.yaml:5:11: [\"service_0\"][\"hosts\"][0]: {message}\n" +
            $"sopsnet: warning: big.yaml:5:23: [\"service_0\"][\"hosts\"][1]: {message}\n" +
            $"sopsnet: warning: big.yaml:10:11: [\"service_1\"][\"hosts\"][0]: {message}\n" +
            $"sopsnet: warning: big.yaml: 2997 more places: {message}\n",
            run.Stderr.Replace("\r", "", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_large_file_whose_entries_do_not_read_alone_is_encrypted_whole()
    {
        // An alias in the last entry to an anchor in the first: read alone, the last entry does not parse.
        var plaintext = "first: &shared secret-anchor\n" + Yaml + "copy: *shared\n";
        dir.Write("big.yaml", plaintext);
        var run = await CliKit.RunAsync(dir.Path, null, "encrypt", "--age", TestPaths.DemoRecipient, "--output", "big.enc.yaml", "big.yaml");
        Assert.True(run.ExitCode == 0, run.ToString());
        var decrypted = CliKit.Text(await CliKit.DecryptWithDemoKeyAsync(dir.Path, "big.enc.yaml"));
        Assert.EndsWith("copy: secret-anchor\n", decrypted, StringComparison.Ordinal);
    }
}
