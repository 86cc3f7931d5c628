using System.Collections.Immutable;
using SopsNet.Keys;
using SopsNet.Selection;

namespace SopsNet.Metadata;

/// <summary>
/// The <c>sops</c> block as a model. <see cref="LastModified"/> and <see cref="Version"/> keep the text
/// read from the file: the MAC's AAD is derived from the former, and sops compares the latter.
/// </summary>
public sealed record SopsMetadata
{
    /// <summary>
    /// The version written into new files: sops refuses files whose <c>version</c> is not a semver, and
    /// treats versions below 3.3.0 as needing a KMS-context fix, so we write the sops release whose format
    /// we emulate.
    /// </summary>
    public const string FormatVersion = "3.13.2";

    public required string LastModified { get; init; }

    public string? Mac { get; init; }

    public string Version { get; init; } = FormatVersion;

    public SelectionRule Rule { get; init; } = SelectionRule.Default;

    /// <summary>False for the binary store, which (sops ≥ 3.11) writes no selection rule.</summary>
    public bool WriteRule { get; init; } = true;

    public bool MacOnlyEncrypted { get; init; }

    public int ShamirThreshold { get; init; }

    public ImmutableArray<ImmutableArray<MasterKey>> KeyGroups { get; init; } = [];
}
