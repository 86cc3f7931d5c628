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

    /// <summary>The indents as the stores take them.</summary>
    public Documents.StoreIndents Indents => new() { Yaml = YamlIndent, Json = JsonIndent, JsonBinary = JsonBinaryIndent };

    public static SopsConfig Empty(string directory) => new(directory, []);

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
