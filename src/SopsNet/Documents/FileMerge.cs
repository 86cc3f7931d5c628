using System.Collections.Immutable;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Merge;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Tree;

namespace SopsNet.Documents;

/// <summary>
/// Three-way merge of an encrypted file (git's merge driver): the decrypted values are merged, and the
/// result is encrypted with ours' data key and keys, so unchanged values keep their ciphertext. Key groups
/// are merged group by group when both sides have the same number of groups; a different number of groups
/// (a group added or deleted on one side) is refused, since which shares open the file cannot be merged.
/// </summary>
public static class FileMerge
{
    /// <summary>Merges <paramref name="ours"/> and <paramref name="theirs"/> against their common ancestor.</summary>
    /// <param name="store">The store of all three versions.</param>
    /// <param name="baseContent">The common ancestor; empty when there is none (git passes an empty file).</param>
    /// <param name="ours">The current branch's version; its data key and keys encrypt the result.</param>
    /// <param name="theirs">The version being merged in.</param>
    /// <param name="keys">Keys that open ours and theirs.</param>
    /// <param name="clock">The clock for lastmodified; the system clock when null.</param>
    /// <param name="cancellationToken">Cancels key service calls.</param>
    public static async Task<FileMergeResult> MergeAsync(
        IStore store, byte[] baseContent, byte[] ours, byte[] theirs, KeyRing keys, TimeProvider? clock = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(baseContent);
        var oursParsed = SopsDocument.Parse(store, ours, SopsError.Generic);
        var theirsParsed = SopsDocument.Parse(store, theirs, SopsError.Generic);
        if (oursParsed.Metadata is null && theirsParsed.Metadata is null)
        {
            return FileMergeResult.Plain;
        }

        if (oursParsed.Metadata is null || theirsParsed.Metadata is null)
        {
            throw new SopsException(SopsError.Generic, $"{(oursParsed.Metadata is null ? "our" : "their")} version is not encrypted and the other is; merge by hand");
        }

        var engine = Engines.Create(keys, clock);
        var oursPlain = await DecryptAsync(engine, oursParsed, "our", cancellationToken).ConfigureAwait(false);
        var theirsPlain = await DecryptAsync(engine, theirsParsed, "their", cancellationToken).ConfigureAwait(false);
        var oursGroups = oursPlain.Metadata.KeyGroups;
        var theirsGroups = theirsPlain.Metadata.KeyGroups;
        if (oursGroups.Length != theirsGroups.Length)
        {
            throw new SopsException(SopsError.Generic,
                $"ours has {oursGroups.Length} key group{(oursGroups.Length == 1 ? "" : "s")} and theirs {theirsGroups.Length}: the key groups cannot be merged; merge by hand");
        }

        // A base that was never encrypted (or has no ancestor at all) makes it a two-way merge.
        var baseParsed = baseContent.Length == 0 ? null : SopsDocument.Parse(store, baseContent, SopsError.Generic);
        var basePlain = baseParsed?.Metadata is null ? null : await DecryptAsync(engine, baseParsed, "the base", cancellationToken).ConfigureAwait(false);
        var merged = TreeMerge.Merge(basePlain?.Documents ?? baseParsed?.Documents, oursPlain.Documents, theirsPlain.Documents);

        // The base's groups only tell removals apart when they line up with ours' one for one.
        var baseGroups = basePlain?.Metadata.KeyGroups is { } bg && bg.Length == oursGroups.Length ? bg : (ImmutableArray<ImmutableArray<MasterKey>>?)null;
        var groups = ImmutableArray.CreateBuilder<ImmutableArray<MasterKey>>(oursGroups.Length);
        var keyConflicts = ImmutableArray.CreateBuilder<string>();
        for (var i = 0; i < oursGroups.Length; i++)
        {
            var (groupKeys, conflicts) = RecipientMerge.Merge(baseGroups?[i], oursGroups[i], theirsGroups[i]);
            groups.Add(groupKeys);
            keyConflicts.AddRange(oursGroups.Length == 1 ? conflicts : conflicts.Select(c => $"key group {i}: {c}"));
        }

        var unchangedValues = merged.Documents.Length == oursPlain.Documents.Length &&
            merged.Documents.Zip(oursPlain.Documents).All(d => TreeEquality.Equal(d.First, d.Second));
        var unchangedKeys = groups.Select((g, i) => g.Length == oursGroups[i].Length).All(x => x);
        byte[]? content = null;
        if (!unchangedValues || !unchangedKeys)
        {
            // RewrapAsync refuses a new recipient in a file with several groups: it would need a new data key.
            var metadata = unchangedKeys
                ? oursPlain.Metadata
                : await engine.RewrapAsync(oursPlain.Metadata, oursPlain.DataKey, groups.MoveToImmutable(), cancellationToken).ConfigureAwait(false);
            var (documents, sealedMetadata) = unchangedValues
                ? (oursParsed.Documents, metadata)
                : engine.Encrypt(merged.Documents, metadata, oursPlain.DataKey, oursPlain.IvStash);
            content = new OutputLayout(store).WriteEncrypted(store, merged.Documents, documents, sealedMetadata, oursPlain.DataKey, oursParsed);
        }

        return new FileMergeResult(content, merged.Conflicts, keyConflicts.ToImmutable());
    }

    private static async Task<DecryptedFile> DecryptAsync(SopsEngine engine, StoreDocument document, string which, CancellationToken cancellationToken)
    {
        try
        {
            return await engine.DecryptAsync(document.Documents, MetadataCodec.Read(document.Metadata!), ignoreMac: false, cancellationToken).ConfigureAwait(false);
        }
        catch (SopsException e)
        {
            throw new SopsException(SopsError.Generic, $"{which} version: {e.Message}", e);
        }
    }
}
