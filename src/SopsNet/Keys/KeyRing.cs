using System.Collections.Immutable;
using SopsNet.Metadata;

namespace SopsNet.Keys;

/// <summary>
/// Wraps a new data key for every master key, and recovers it from a file's keys: keys are tried in
/// decryption order, a failing key is not fatal, and when none works one error lists every key tried
/// and why it failed (as age reports "no identity matched").
/// </summary>
public sealed class KeyRing
{
    private readonly Dictionary<string, IKeyProvider> providers;
    private readonly IReadOnlyList<string> decryptionOrder;

    /// <summary>sops's default when --decryption-order / SOPS_DECRYPTION_ORDER is not given.</summary>
    public static IReadOnlyList<string> DefaultDecryptionOrder { get; } = ["age", "pgp"];

    public KeyRing(IEnumerable<IKeyProvider> providers, IReadOnlyList<string>? decryptionOrder = null)
    {
        this.providers = providers.ToDictionary(p => p.Type);
        this.decryptionOrder = decryptionOrder ?? DefaultDecryptionOrder;
    }

    public async Task<ImmutableArray<ImmutableArray<MasterKey>>> WrapAsync(
        ImmutableArray<ImmutableArray<MasterKey>> groups, byte[] dataKey, CancellationToken cancellationToken)
    {
        RequireSingleGroup(groups);
        var wrapped = await Task.WhenAll(groups[0].Select(async key =>
        {
            var provider = Provider(key) ?? throw new SopsException(SopsError.ErrorEncryptingTree,
                $"sopsnet cannot encrypt for {key.Type} keys yet");
            try
            {
                return await provider.WrapAsync(key, dataKey, cancellationToken).ConfigureAwait(false);
            }
            catch (KeyUnwrapException e)
            {
                throw new SopsException(SopsError.ErrorEncryptingTree, $"{key.Type} {provider.Describe(key)}: {e.Message}", e);
            }
        })).ConfigureAwait(false);
        return [[.. wrapped]];
    }

    public async Task<byte[]> UnwrapAsync(SopsMetadata metadata, CancellationToken cancellationToken)
    {
        RequireSingleGroup(metadata.KeyGroups);
        var failures = new List<string>();
        foreach (var key in Ordered(metadata.KeyGroups[0]))
        {
            var provider = Provider(key);
            if (provider is null)
            {
                failures.Add($"{key.Type} key: sopsnet cannot use {key.Type} keys yet");
                continue;
            }

            try
            {
                var dataKey = await provider.UnwrapAsync(key, cancellationToken).ConfigureAwait(false);
                if (dataKey.Length == 32)
                {
                    return dataKey;
                }

                failures.Add($"{key.Type} {provider.Describe(key)}: holds {dataKey.Length} bytes, not a 32-byte data key");
            }
            catch (KeyUnwrapException e)
            {
                failures.Add($"{key.Type} {provider.Describe(key)}: {e.Message}");
            }
        }

        throw new SopsException(SopsError.CouldNotRetrieveKey,
            $"no master key could decrypt the data key; tried {string.Join("; ", failures)}");
    }

    /// <summary>Listed types first in the given order; the rest keep their file order (a stable sort, as sops).</summary>
    private IEnumerable<MasterKey> Ordered(ImmutableArray<MasterKey> group) =>
        group.Select((k, i) => (Key: k, Index: i))
            .OrderBy(x => decryptionOrder.IndexOf(x.Key.Type) is var p && p >= 0 ? p : decryptionOrder.Count)
            .ThenBy(x => x.Index)
            .Select(x => x.Key);

    private IKeyProvider? Provider(MasterKey key) => providers.GetValueOrDefault(key.Type);

    private static void RequireSingleGroup(ImmutableArray<ImmutableArray<MasterKey>> groups)
    {
        if (groups.Length != 1)
        {
            throw new SopsException(SopsError.CouldNotRetrieveKey,
                groups.Length == 0 ? "no master keys were given" : "files with several key groups (shamir) are not supported yet");
        }
    }
}
