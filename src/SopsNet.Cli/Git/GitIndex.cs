using SopsNet.Cli.Output;

namespace SopsNet.Cli.Git;

/// <summary>
/// The files git would commit, read from the index rather than the work tree: a pre-commit check must judge
/// what goes into the commit, and the work tree may differ both ways (an encrypted file staged and then
/// decrypted to edit, or a plaintext file staged and encrypted afterwards without <c>git add</c>).
/// </summary>
internal static class GitIndex
{
    /// <summary>A staged file: its path as git prints it relative to the working directory, and its blob.</summary>
    public sealed record Entry(string Path, string Blob);

    /// <summary>The staged files, all of them or those at or below <paramref name="paths"/>, in path order.</summary>
    public static IReadOnlyList<Entry> Staged(CliContext ctx, IReadOnlyList<string> paths)
    {
        var listed = GitRunner.Run(ctx, ctx.CurrentDirectory, ["ls-files", "-s", "-z", "--", .. paths]);
        if (!listed.Ok)
        {
            throw new SopsException(SopsError.Generic, $"git ls-files: {listed.Stderr.Trim()}");
        }

        // "MODE BLOB STAGE\tPATH"; a conflicted file has several stages, the first one is judged. Links
        // (120000) and submodules (160000) hold no file content.
        return listed.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => (Fields: line[..line.IndexOf('\t', StringComparison.Ordinal)].Split(' '), Path: line[(line.IndexOf('\t', StringComparison.Ordinal) + 1)..]))
            .Where(e => e.Fields[0].StartsWith("100", StringComparison.Ordinal))
            .DistinctBy(e => e.Path)
            .Select(e => new Entry(e.Path, e.Fields[1]))
            .OrderBy(e => e.Path, StringComparer.Ordinal)
            .ToList();
    }

    public static byte[] Read(CliContext ctx, Entry entry) => GitRunner.ReadBytes(ctx, ctx.CurrentDirectory, "cat-file", "blob", entry.Blob);
}
