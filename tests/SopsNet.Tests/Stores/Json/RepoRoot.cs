namespace SopsNet.Tests.Stores.Json;

/// <summary>Finds the repository root (the folder holding SopsNet.sln) from the test binaries.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

    /// <summary>A file of the shared sops corpus, which lives beside the repository.</summary>
    public static string Corpus(string relative) =>
        System.IO.Path.GetFullPath(System.IO.Path.Combine(Path, "..", "shared", "sops-corpus", relative));

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "SopsNet.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("repository root (SopsNet.sln) not found above " + AppContext.BaseDirectory);
    }
}
