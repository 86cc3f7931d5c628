using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Exec;

/// <summary>
/// exec-env never silently drops or mangles values: every document of a multi-document YAML file is used
/// (a clash is named), and a file sops reads as binary is refused unless --input-type says what it is.
/// </summary>
public sealed class ExecEnvDocumentsTests
{
    [Fact]
    public async Task Every_document_is_used_in_order_and_a_clash_is_named()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("multi.yaml", $"first: one-1\nshared: from-first\n---\nsecond: {f.Secret}\nshared: from-second\n");

        var run = await f.RunAsync("exec-env", "--pristine", file, "env > env.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        var env = f.ReadEnv("env.txt");
        Assert.Equal("one-1", env["first"]);
        Assert.Equal(f.Secret, env["second"]);
        Assert.Equal("from-second", env["shared"]);
        Assert.Equal($"sopsnet: warning: {file}: document 2 sets shared again (document 1); document 2's value is used\n", run.Stderr);
        CliKit.AssertNoSecret(run, f.Secret, "from-first", "from-second");
    }

    [Fact]
    public async Task Extract_takes_the_path_from_every_document_that_has_it()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync("multi.yaml", "app:\n    a: one-1\n---\nother: x\n---\napp:\n    b: two-2\n");

        var run = await f.RunAsync("exec-env", "--pristine", "--extract", "[\"app\"]", file, "env > env.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        var env = f.ReadEnv("env.txt");
        Assert.Equal("one-1", env["a"]);
        Assert.Equal("two-2", env["b"]);
        Assert.False(env.ContainsKey("other"));
    }

    [Fact]
    public async Task A_file_sops_reads_as_binary_is_refused_with_the_reason_and_runs_nothing()
    {
        using var f = new ExecFixture();
        var file = await f.EncryptAsync(".env.staging", $"TOKEN={f.Secret}\n");

        var run = await f.RunAsync("exec-env", file, "echo ran > ran.txt");

        CliKit.AssertFailure(run, 1, file, f.Secret);
        Assert.Contains("binary", run.Stderr);
        Assert.Contains("--input-type dotenv", run.Stderr);
        Assert.False(f.Exists("ran.txt"));
    }

    [Fact]
    public async Task A_binary_name_whose_content_is_dotenv_is_read_as_dotenv()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.File(".env.staging"), "TOKEN=tok-from-staging\n");
        var enc = await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--input-type", "dotenv", "--age", TestPaths.DemoRecipient, ".env.staging");
        Assert.True(enc.ExitCode == 0, enc.ToString());

        // No --input-type: the content (sops_ lines) says dotenv, as for every other command that reads the file.
        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "exec-env", ".env.staging", "printenv TOKEN > out.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("tok-from-staging\n", File.ReadAllText(dir.File("out.txt")));
    }

    [Fact]
    public async Task Input_type_reads_a_dotenv_file_whatever_its_name()
    {
        using var dir = new TempDir();
        await File.WriteAllTextAsync(dir.File(".env.staging"), "TOKEN=tok-from-staging\n");
        var enc = await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--input-type", "dotenv", "--age", TestPaths.DemoRecipient, ".env.staging");
        Assert.True(enc.ExitCode == 0, enc.ToString());

        var run = await CliRun.RunAsync(dir.Path, CliKit.DemoKeyEnv(), "exec-env", "--input-type", "dotenv", ".env.staging", "printenv TOKEN > out.txt");

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("tok-from-staging\n", File.ReadAllText(dir.File("out.txt")));
    }
}
