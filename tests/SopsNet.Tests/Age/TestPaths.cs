namespace SopsNet.Tests.Age;

/// <summary>Finds the repository root (the folder with SopsNet.sln) and the shared corpus beside it.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRepoRoot();

    public static string Corpus(string relative) => Path.GetFullPath(Path.Combine(RepoRoot, "..", "shared", "sops-corpus", relative));

    private static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SopsNet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("SopsNet.sln not found above " + AppContext.BaseDirectory);
    }
}
