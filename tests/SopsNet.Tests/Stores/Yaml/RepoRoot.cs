namespace SopsNet.Tests.Stores.Yaml;

/// <summary>Finds the repository root (the folder holding SopsNet.sln) and the shared sops corpus beside it.</summary>
internal static class RepoRoot
{
    public static string Path { get; } = Find();

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

        throw new InvalidOperationException("SopsNet.sln not found above the test binaries");
    }
}
