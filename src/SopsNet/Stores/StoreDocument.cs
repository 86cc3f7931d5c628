using System.Collections.Immutable;
using SopsNet.Tree;

namespace SopsNet.Stores;

/// <summary>
/// What a store parsed: the data documents (YAML may have several; every other format has one), the
/// <c>sops</c> metadata mapping if the file has one, warnings about values that will not round-trip
/// byte for byte, and the store's own handle on the original text.
/// </summary>
public sealed record StoreDocument(ImmutableArray<Mapping> Documents, Mapping? Metadata)
{
    public ImmutableArray<StoreWarning> Warnings { get; init; } = ImmutableArray<StoreWarning>.Empty;

    public object? Source { get; init; }
}
