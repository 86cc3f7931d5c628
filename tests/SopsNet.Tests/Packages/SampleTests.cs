using SopsNet.Tests.Support;

namespace SopsNet.Tests.Packages;

/// <summary>
/// The samples a user copies from (samples/), built against the packed packages from the local feed (no
/// project references) and run with the demo age key, as the samples' READMEs say (issue 13).
/// </summary>
[Collection(LocalFeed.Collection)]
[Trait("Category", "Packages")]
public sealed class SampleTests(LocalFeed feed)
{
    private static readonly Dictionary<string, string> DemoKey = new() { ["SOPS_AGE_KEY_FILE"] = TestPaths.Repo("samples/demo-age-key.txt") };

    [Fact]
    public void The_console_sample_decrypts_the_sample_file_in_one_call_and_fails_in_one_line_without_the_key()
    {
        var project = feed.CreateProject(TestPaths.Repo("samples/ConsoleApp"));

        var run = feed.BuildAndRun(project, DemoKey);

        Assert.True(run.ExitCode == 0, $"the sample failed (exit {run.ExitCode}): {run.Stderr}");
        Assert.Equal("database:host = db.internal.example\n", run.StdoutText);

        // Without the key: sops's exit code and one line naming the file, from the same build.
        var noKey = new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = "/nonexistent/keys.txt", ["HOME"] = feed.NewDirectory("home") };
        var failed = feed.Dotnet(project, ["run", "--no-build", "-c", "Release"], noKey);
        Assert.Equal((int)SopsError.CouldNotRetrieveKey, failed.ExitCode);
        Assert.StartsWith("secrets.enc.yaml", failed.Stderr);
        Assert.Single(failed.Stderr.TrimEnd('\n').Split('\n'));
    }

    [Fact]
    public void The_worker_sample_reads_the_database_password_through_AddSopsFile()
    {
        var project = feed.CreateProject(TestPaths.Repo("samples/WorkerApp"));

        var run = feed.BuildAndRun(project, DemoKey);

        Assert.True(run.ExitCode == 0, $"the sample failed (exit {run.ExitCode}): {run.Stderr}");
        Assert.Contains($"database:password has {"correct horse battery staple".Length} characters\n", run.StdoutText);
        Assert.Contains("connecting to db.internal.example as app", run.StdoutText);
    }
}
