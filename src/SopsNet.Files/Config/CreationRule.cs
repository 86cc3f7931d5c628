using System.Collections.Immutable;
using System.Text.RegularExpressions;
using SopsNet.Keys;
using SopsNet.Selection;

namespace SopsNet.Files.Config;

/// <summary>One entry of <c>creation_rules</c> in <c>.sops.yaml</c>: which files it applies to and how they are encrypted.</summary>
public sealed record CreationRule(Regex? PathRegex, ImmutableArray<ImmutableArray<MasterKey>> KeyGroups)
{
    public SelectionRule? Rule { get; init; }

    public bool MacOnlyEncrypted { get; init; }

    public int ShamirThreshold { get; init; }

    /// <summary>A missing path_regex matches every file, as in sops.</summary>
    public bool Matches(string relativePath) => PathRegex is null || PathRegex.IsMatch(relativePath);
}
