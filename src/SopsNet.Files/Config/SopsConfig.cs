using System.Collections.Immutable;

namespace SopsNet.Files.Config;

/// <summary>A loaded <c>.sops.yaml</c>: its creation rules and store settings, and the directory paths are relative to.</summary>
public sealed record SopsConfig(string Directory, ImmutableArray<CreationRule> CreationRules)
{
    /// <summary>stores.yaml.indent; sops's default is 4.</summary>
    public int YamlIndent { get; init; } = 4;

    /// <summary>stores.json.indent; -1 (one TAB) is sops's default.</summary>
    public int JsonIndent { get; init; } = -1;

    public int JsonBinaryIndent { get; init; } = -1;

    /// <summary>
    /// stores.toml.binary (ours; sops ignores keys it does not know): encrypt <c>.toml</c> files whole, as
    /// sops does, so sops can read them, instead of as SopsNet's value-level TOML.
    /// </summary>
    public bool TomlAsBinary { get; init; }

    /// <summary>
    /// Whether output in <paramref name="format"/> (a store type: yaml, json, binary) has its indent set in
    /// the file (stores.yaml.indent, stores.json.indent, stores.json_binary.indent). A set indent is an explicit
    /// request, as --indent is: that output is laid out afresh with it, as sops lays out all its output; with
    /// the defaults, SopsNet keeps the source's layout.
    /// </summary>
    public bool SetsIndent(string format) => format switch
    {
        "yaml" => IndentsSet.Contains("yaml"),
        "json" => IndentsSet.Contains("json"),
        "binary" => IndentsSet.Contains("json_binary"),
        _ => false,
    };

    /// <summary>The stores sections (yaml, json, json_binary) that set an indent.</summary>
    internal ImmutableHashSet<string> IndentsSet { get; init; } = [];

    /// <summary>The indents as the stores take them.</summary>
    public Documents.StoreIndents Indents => new() { Yaml = YamlIndent, Json = JsonIndent, JsonBinary = JsonBinaryIndent };

    /// <summary>The .sops.yaml this was read from; null when none was found.</summary>
    public string? FilePath { get; init; }

    public static SopsConfig Empty(string directory) => new(directory, []);

    /// <summary>
    /// Which configuration was read, for messages about it: with several .sops.yaml up the tree (or none),
    /// "no creation rule matched" alone does not say where to look.
    /// </summary>
    public string Describe(string currentDirectory)
    {
        if (FilePath is null)
        {
            return $".sops.yaml (none found in {currentDirectory} or above)";
        }

        var relative = Path.GetRelativePath(currentDirectory, FilePath);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? FilePath : relative;
    }

    /// <summary>
    /// The first rule matching <paramref name="filePath"/>, tested like sops: against the path relative to
    /// the config's directory (with '/' separators), or the absolute path for a file outside it.
    /// </summary>
    public CreationRule? RuleFor(string filePath)
    {
        var full = Path.GetFullPath(filePath);
        var relative = Path.GetRelativePath(Directory, full);
        var subject = relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? full : relative;
        subject = subject.Replace(Path.DirectorySeparatorChar, '/');
        return CreationRules.FirstOrDefault(r => r.Matches(subject));
    }
}
