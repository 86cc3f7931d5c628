using System.Collections.Immutable;
using SopsNet.Keys;
using SopsNet.Selection;

namespace SopsNet.Engine;

/// <summary>What a new encrypted file is made of: its master keys (without <c>enc</c> yet) and its rules.</summary>
public sealed record EncryptionSettings(ImmutableArray<ImmutableArray<MasterKey>> KeyGroups)
{
    public SelectionRule Rule { get; init; } = SelectionRule.Default;

    public bool WriteRule { get; init; } = true;

    public bool MacOnlyEncrypted { get; init; }

    public int ShamirThreshold { get; init; }
}
