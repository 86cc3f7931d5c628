using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Exec;

/// <summary><c>sopsnet exec-file</c> end to end: the child reads the real FIFO or temp file through <c>{}</c>.</summary>
public sealed class ExecFileTests
{
    private static string Secrets(string secret) => $"# config\ndb:\n    password: {secret}   # inline\n    port: 5432\nlist:\n    - 1\n    - two\n";

    [Theory]
    [InlineData(false, "p")]
    [InlineData(true, "-")]
    public async Task The_child_reads_the_exact_decrypted_bytes_and_the_path_is_gone_afterwards(bool noFifo, string fileType)
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", Secrets(f.Secret));
        var expected = await CliKit.DecryptWithDemoKeyAsync(f.Path, file);

        string[] args = noFifo ? ["exec-file", "--no-fifo"] : ["exec-file"];
        var run = await f.RunAsync([.. args, file, "echo {} > path.txt; ls -ld {} > modes.txt; ls -ld \"$(dirname {})\" >> modes.txt; cat {} > out.bin; exit 5"]);

        Assert.True(run.ExitCode == 5, run.ToString());
        Assert.Equal(expected, File.ReadAllBytes(f.Dir.File("out.bin")));
        var path = f.Read("path.txt").Trim();
        Assert.Equal("tmp-file", Path.GetFileName(path));
        Assert.StartsWith("/dev/shm/", path);
        var modes = f.Read("modes.txt").Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => l[..10]).ToList();
        Assert.Equal([fileType + "rw-------", "drwx------"], modes);
        Assert.False(File.Exists(path) || Directory.Exists(Path.GetDirectoryName(path)), "the fifo or temp file outlived the command");
    }

    [Fact]
    public async Task A_command_that_never_opens_the_fifo_ends_promptly_and_the_fifo_is_removed()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", Secrets(f.Secret));

        var started = DateTime.UtcNow;
        var run = await f.RunAsync("exec-file", file, "echo {} > path.txt; exit 3");

        Assert.True(run.ExitCode == 3, run.ToString());
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(20), "exec-file hung on a fifo nobody read");
        Assert.False(Directory.Exists(Path.GetDirectoryName(f.Read("path.txt").Trim())));
    }

    [Fact]
    public async Task A_command_that_reads_only_the_start_of_a_large_fifo_does_not_hang()
    {
        using var f = new ExecFixture();
        var big = new string('x', 300_000);
        var file = await f.EncryptAsync("big.yaml", $"blob: {big}\nsecret: {f.Secret}\n");

        var run = await f.RunAsync("exec-file", file, "head -c 10 {} > head.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("blob: xxxx", f.Read("head.txt"));
    }

    [Fact]
    public async Task Output_type_and_filename_choose_the_format_and_the_name()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", Secrets(f.Secret));
        var expected = await CliKit.DecryptWithDemoKeyAsync(f.Path, "--output-type", "json", file);

        var run = await f.RunAsync("exec-file", "--output-type", "json", "--filename", "app.json", file, "echo {} > path.txt; cat {} > out.json");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(expected, File.ReadAllBytes(f.Dir.File("out.json")));
        Assert.Contains(f.Secret, f.Read("out.json"));
        Assert.Equal("app.json", Path.GetFileName(f.Read("path.txt").Trim()));
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("..")]
    public async Task A_filename_that_is_not_a_plain_name_is_refused_before_decrypting(string name)
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("secrets.yaml", Secrets(f.Secret));

        var run = await f.RunAsync("exec-file", "--filename", name, file, "echo ran > ran.txt");

        CliKit.AssertFailure(run, 1, "--filename", f.Secret);
        Assert.False(f.Exists("ran.txt"));
    }
}
