using SopsNet.Tests.Support;

namespace SopsNet.Tests.Packages;

/// <summary>
/// A project that references the packed packages only, restored from the local feed, builds and runs
/// (issue 13: the samples are built against the packages, not the sources).
/// </summary>
[Collection(LocalFeed.Collection)]
[Trait("Category", "Packages")]
public sealed class PackageConsumerTests(LocalFeed feed)
{
    [Fact]
    public void A_console_project_referencing_the_SopsNet_package_builds_and_runs()
    {
        var project = feed.CreateProject(TestPaths.Repo("tests/package-consumers/type-name"));

        var run = feed.BuildAndRun(project);

        Assert.True(run.ExitCode == 0, $"the program failed (exit {run.ExitCode}): {run.Stderr}");
        Assert.Equal("SopsNet.SopsError 51\n", run.StdoutText);
    }
}
