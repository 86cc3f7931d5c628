namespace SopsNet.Tests.Support;

/// <summary>Paths the tests read in place: the repository (found by walking up to SopsNet.sln) and the sops files vendored in it.</summary>
public static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>A file of the real sops corpus, tests/fixtures/sops (see its README for where each file comes from).</summary>
    public static string Corpus(string relative) => Path.GetFullPath(Path.Combine(RepoRoot, "tests", "fixtures", "sops", relative));

    public static string Repo(string relative) => Path.Combine(RepoRoot, relative);

    /// <summary>
    /// The repository's own files under tests/ and samples/ whose names end with one of
    /// <paramref name="extensions"/> (every file when none is given): build output and installed npm packages
    /// are left out, so the set is the same on every checkout.
    /// </summary>
    public static List<string> RepositoryFiles(params string[] extensions) =>
        new[] { "tests", "samples" }
            .SelectMany(d => Directory.EnumerateFiles(Repo(d), "*.*", SearchOption.AllDirectories))
            .Where(f => extensions.Length == 0 || extensions.Any(e => f.EndsWith(e, StringComparison.Ordinal)))
            .Where(f => !f.Contains("/bin/", StringComparison.Ordinal) && !f.Contains("/obj/", StringComparison.Ordinal) && !f.Contains("node_modules", StringComparison.Ordinal))
            .ToList();

    public static string DemoKey => Repo("samples/demo-age-key.txt");

    public const string DemoRecipient = "age1mt38nw00pvmxkpn9s5pkd8x70d58a7hp3vvcgxaka8ks4e0hjvlsqhn7uk";

    public static string CorpusIdentity => Corpus("keys/age-test-identity.txt");

    public const string CorpusRecipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SopsNet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("cannot find the repository root (SopsNet.sln) above " + AppContext.BaseDirectory);
    }
}
