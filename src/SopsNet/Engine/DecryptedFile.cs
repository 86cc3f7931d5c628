using System.Collections.Immutable;
using SopsNet.Metadata;
using SopsNet.Tree;

namespace SopsNet.Engine;

/// <summary>
/// Decrypted documents with what is needed to write them back encrypted without churn: the data key, the
/// metadata and the IVs of the values as they were.
/// </summary>
public sealed record DecryptedFile(
    ImmutableArray<Mapping> Documents,
    SopsMetadata Metadata,
    byte[] DataKey,
    IReadOnlyDictionary<(string Aad, string Type, string Plaintext), byte[]> IvStash)
{
    /// <summary>Paths of comments that look encrypted but did not authenticate (kept as they are, as sops does).</summary>
    public IReadOnlyList<string> UndecryptableComments { get; init; } = [];
}
