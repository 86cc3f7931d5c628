using System.Collections.Immutable;
using SopsNet.Engine;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Tree;

namespace SopsNet.Documents;

/// <summary>
/// How a result is written: with <see cref="Store"/> (another store than the input's is a conversion),
/// and, when the formats match and <see cref="KeepLayout"/> holds, spliced into the original text so
/// comments, quoting and order stay byte for byte. An explicit indent asks for sops's fresh layout
/// instead (<see cref="KeepLayout"/> false): sops always lays its output out afresh with that indent.
/// </summary>
public sealed record OutputLayout(IStore Store)
{
    public bool KeepLayout { get; init; } = true;

    /// <summary>Converting between formats loses what the target cannot hold (comments, value types); the read-back check allows for it.</summary>
    public bool IsConversion(IStore input) => !ReferenceEquals(input, Store);

    /// <summary>The parsed input to splice into, or null when the output is laid out afresh.</summary>
    public StoreDocument? Original(IStore input, StoreDocument parsed) => KeepLayout && !IsConversion(input) ? parsed : null;

    /// <summary>Writes with <see cref="Store"/>; a value the format cannot hold is sops's ErrorDumpingTree.</summary>
    public byte[] Write(ImmutableArray<Mapping> documents, Mapping? metadata, StoreDocument? original) => Write(Store, documents, metadata, original);

    internal static byte[] Write(IStore store, ImmutableArray<Mapping> documents, Mapping? metadata, StoreDocument? original)
    {
        try
        {
            return store.Write(documents, metadata, original);
        }
        catch (StoreException e)
        {
            throw e.WithError(SopsError.ErrorDumpingTree);
        }
    }

    /// <summary>
    /// Writes <paramref name="encrypted"/> (the encryption of <paramref name="plaintext"/> under
    /// <paramref name="dataKey"/>) with its metadata, and checks that the bytes read back as meant.
    /// </summary>
    internal byte[] WriteEncrypted(
        IStore input, ImmutableArray<Mapping> plaintext, ImmutableArray<Mapping> encrypted, SopsMetadata metadata, byte[] dataKey, StoreDocument? original)
    {
        var content = Write(encrypted, MetadataCodec.Write(metadata), original);
        Verify(input, content, plaintext, metadata, dataKey);
        return content;
    }

    internal void Verify(IStore input, byte[] content, ImmutableArray<Mapping> plaintext, SopsMetadata metadata, byte[] dataKey) =>
        OutputVerifier.VerifyEncrypted(Store, content, plaintext, metadata, dataKey, IsConversion(input));
}
