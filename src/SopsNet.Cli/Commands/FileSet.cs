using SopsNet.Files.Config;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Commands;

/// <summary>
/// The files a repository-wide command works on: files named directly, and with <c>-r</c> every file below
/// a named directory that a creation rule of .sops.yaml matches (dot-directories such as .git are skipped).
/// </summary>
internal static class FileSet
{
    /// <param name="missing">The exit code for a path that does not exist (it differs between sops's commands).</param>
    public static IReadOnlyList<string> Expand(CliContext ctx, IReadOnlyList<string> paths, bool recursive, SopsConfig config, SopsError missing = SopsError.NoFileSpecified)
    {
        var files = new List<string>();
        foreach (var path in paths)
        {
            var full = ctx.FullPath(path);
            if (File.Exists(full))
            {
                files.Add(path);
            }
            else if (Directory.Exists(full))
            {
                if (!recursive)
                {
                    throw new SopsException(missing, $"{path}: is a directory; use -r to process the files below it");
                }

                files.AddRange(Walk(full)
                    .Where(f => config.RuleFor(f) is not null)
                    .Select(f => Path.GetRelativePath(ctx.CurrentDirectory, f))
                    .Order(StringComparer.Ordinal));
            }
            else
            {
                throw new SopsException(missing, $"{path}: no such file or directory");
            }
        }

        return files;
    }

    private static IEnumerable<string> Walk(string directory) =>
        Directory.EnumerateFiles(directory).Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Concat(Directory.EnumerateDirectories(directory)
                .Where(d => !Path.GetFileName(d).StartsWith('.'))
                .SelectMany(Walk));
}
