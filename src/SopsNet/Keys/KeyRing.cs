using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using SopsNet.Crypto;
using SopsNet.Metadata;
using SopsNet.Shamir;

namespace SopsNet.Keys;

/// <summary>
/// Wraps a new data key for every master key, and recovers it from a file's keys. With one key group every
/// key wraps the data key; with several (docs/format.md §8.9) the key is split by Shamir and every key of group i
/// wraps share i. Unwrapping tries keys in decryption order, a failing key is not fatal, and when the key
/// cannot be recovered one error lists every key tried and why it failed (as age's "no identity matched").
/// Unwraps of different keys and groups run concurrently, each distinct wrapped key is unwrapped once per
/// <see cref="Cache"/>, and a key service that does not answer within <see cref="KeyTimeout"/> fails.
/// </summary>
public sealed class KeyRing
{
    private readonly Dictionary<string, IKeyProvider> providers;
    private readonly IReadOnlyList<string> decryptionOrder;

    /// <summary>sops's default when --decryption-order / SOPS_DECRYPTION_ORDER is not given.</summary>
    public static IReadOnlyList<string> DefaultDecryptionOrder { get; } = ["age", "pgp"];

    /// <summary>
    /// Key types that may ask a person for a passphrase (age identities, gpg's pinentry): they get no timeout
    /// (nobody should be cut off mid-typing) and are started only when every key before them in decryption
    /// order has failed, so a key that already worked never leads to a needless prompt or gpg run.
    /// </summary>
    public static IReadOnlySet<string> InteractiveTypes { get; } = new HashSet<string>(StringComparer.Ordinal) { "age", "pgp" };

    public KeyRing(IEnumerable<IKeyProvider> providers, IReadOnlyList<string>? decryptionOrder = null)
    {
        this.providers = providers.ToDictionary(p => p.Type);
        this.decryptionOrder = decryptionOrder ?? DefaultDecryptionOrder;
    }

    /// <summary>How long a non-interactive key (a network key service) may take to wrap or unwrap.</summary>
    public TimeSpan KeyTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Unwrap results shared by every key ring given the same cache.</summary>
    public UnwrapCache Cache { get; init; } = new();

    /// <summary>Randomness for the Shamir polynomials.</summary>
    public RandomSource Random { get; init; } = SystemRandom.Fill;

    public Task<ImmutableArray<ImmutableArray<MasterKey>>> WrapAsync(
        ImmutableArray<ImmutableArray<MasterKey>> groups, byte[] dataKey, CancellationToken cancellationToken) =>
        WrapAsync(groups, dataKey, shamirThreshold: 0, cancellationToken);

    /// <summary>
    /// Wraps <paramref name="dataKey"/> for every key; with several groups, a share of it per group, any
    /// <paramref name="shamirThreshold"/> of which recover it (0 = every group, as in sops). Failures are
    /// <see cref="SopsError.Generic"/>: sops returns "could not generate data key" without an exit code of
    /// its own, so encrypt and rotate exit 1 (cmd/sops/encrypt.go, rotate.go).
    /// </summary>
    public async Task<ImmutableArray<ImmutableArray<MasterKey>>> WrapAsync(
        ImmutableArray<ImmutableArray<MasterKey>> groups, byte[] dataKey, int shamirThreshold, CancellationToken cancellationToken)
    {
        if (groups.IsEmpty || groups.All(g => g.IsEmpty))
        {
            throw new SopsException(SopsError.Generic, "no master keys were given");
        }

        if (groups.Length == 1)
        {
            return [[.. await Task.WhenAll(groups[0].Select(k => WrapOneAsync(k, dataKey, cancellationToken))).ConfigureAwait(false)]];
        }

        var shares = Split(groups, dataKey, shamirThreshold);
        try
        {
            var wrapped = await Task.WhenAll(groups.Select((g, i) =>
                Task.WhenAll(g.Select(k => WrapOneAsync(k, shares[i], cancellationToken))))).ConfigureAwait(false);
            return [.. wrapped.Select(g => g.ToImmutableArray())];
        }
        finally
        {
            foreach (var share in shares)
            {
                CryptographicOperations.ZeroMemory(share);
            }
        }
    }

    public async Task<byte[]> UnwrapAsync(SopsMetadata metadata, CancellationToken cancellationToken)
    {
        var groups = metadata.KeyGroups;
        if (groups.IsEmpty)
        {
            throw new SopsException(SopsError.CouldNotRetrieveKey, "no master keys were given");
        }

        if (groups.Length == 1)
        {
            var only = await OpenGroupAsync(groups[0], 32, "data key", cancellationToken).ConfigureAwait(false);
            return only.Secret ?? throw new SopsException(SopsError.CouldNotRetrieveKey,
                $"no master key could decrypt the data key; tried {KeyFailure.Join(only.Failures)}");
        }

        var threshold = metadata.ShamirThreshold == 0 ? groups.Length : metadata.ShamirThreshold;
        if (threshold > groups.Length)
        {
            throw new SopsException(SopsError.CouldNotRetrieveKey,
                $"the file needs {threshold} key groups (shamir_threshold) but has only {groups.Length}");
        }

        // Combining needs two shares at least, whatever a (malformed) threshold of 1 says.
        var needed = Math.Max(threshold, 2);
        return await GatherSharesAsync(groups, needed, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Opens every group at once and combines as soon as enough shares are in; the rest are abandoned.</summary>
    private async Task<byte[]> GatherSharesAsync(ImmutableArray<ImmutableArray<MasterKey>> groups, int needed, CancellationToken cancellationToken)
    {
        using var enough = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var pending = groups.Select((g, i) => (Task: OpenGroupAsync(g, 33, "shamir share", enough.Token), Index: i)).ToList();
        var outcomes = new GroupOutcome?[groups.Length];
        var shares = new List<byte[]>();
        try
        {
            while (pending.Count > 0 && shares.Count < needed)
            {
                var done = await Task.WhenAny(pending.Select(p => p.Task)).ConfigureAwait(false);
                var (task, index) = pending.First(p => p.Task == done);
                pending.RemoveAll(p => p.Task == done);
                outcomes[index] = await task.ConfigureAwait(false);
                if (outcomes[index]!.Secret is { } share)
                {
                    shares.Add(share);
                }
            }

            if (shares.Count < needed)
            {
                var report = outcomes.Select((o, i) => $"group {i}: {(o!.Secret is not null ? "ok" : $"failed ({KeyFailure.Join(o.Failures)})")}");
                throw new SopsException(SopsError.CouldNotRetrieveKey,
                    $"not enough key groups could be opened: {shares.Count} of {groups.Length}, {needed} needed; {string.Join("; ", report)}");
            }

            return SecretSharing.Combine(shares);
        }
        finally
        {
            // Groups still being opened are no longer needed; their key calls finish (or time out) on their own.
            await enough.CancelAsync().ConfigureAwait(false);
            foreach (var share in shares)
            {
                CryptographicOperations.ZeroMemory(share);
            }
        }
    }

    /// <summary>
    /// The secret held by the first key in decryption order that opens, or every key's failure. A key is
    /// contacted only when every key before it has failed (nothing is called that the file does not need:
    /// with the default order an age key that works means no key service is asked). When the turn comes
    /// to a run of key services, they start together so slow services overlap.
    /// </summary>
    private async Task<GroupOutcome> OpenGroupAsync(ImmutableArray<MasterKey> group, int expectedLength, string what, CancellationToken cancellationToken)
    {
        var ordered = Ordered(group).ToList();
        var started = new Task<byte[]>?[ordered.Count];
        var failures = new List<KeyFailure>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var key = ordered[i];
            var name = Provider(key) is { } provider ? $"{key.Type} {provider.Describe(key)}" : $"{key.Type} key";
            try
            {
                if (started[i] is null && !InteractiveTypes.Contains(key.Type))
                {
                    for (var j = i; j < ordered.Count && !InteractiveTypes.Contains(ordered[j].Type); j++)
                    {
                        started[j] = UnwrapOneAsync(ordered[j]);
                    }
                }

                var secret = await (started[i] ??= UnwrapOneAsync(key)).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (secret.Length == expectedLength)
                {
                    return new GroupOutcome(secret, failures);
                }

                failures.Add(new KeyFailure(name, $"holds {secret.Length} bytes, not a {expectedLength}-byte {what}"));
                CryptographicOperations.ZeroMemory(secret);
            }
            catch (KeyUnwrapException e)
            {
                failures.Add(new KeyFailure(name, e.Message));
            }
        }

        return new GroupOutcome(null, failures);
    }

    /// <summary>
    /// One unwrap through the cache. It runs on its own (bounded by the timeout, not by any one caller's
    /// cancellation), since other files may be waiting for the same key.
    /// </summary>
    private Task<byte[]> UnwrapOneAsync(MasterKey key)
    {
        var provider = Provider(key);
        if (provider is null)
        {
            return Task.FromException<byte[]>(new KeyUnwrapException($"sopsnet cannot use {key.Type} keys yet"));
        }

        return Cache.GetOrAddAsync(key, () => WithTimeoutAsync(key, token => provider.UnwrapAsync(key, token)));
    }

    private async Task<MasterKey> WrapOneAsync(MasterKey key, byte[] secret, CancellationToken cancellationToken)
    {
        var provider = Provider(key) ?? throw new SopsException(SopsError.Generic,
            $"sopsnet cannot encrypt for {key.Type} keys yet");
        try
        {
            return await WithTimeoutAsync(key, token => provider.WrapAsync(key, secret, token)).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (KeyUnwrapException e)
        {
            throw new SopsException(SopsError.Generic, $"{key.Type} {provider.Describe(key)}: {e.Message}", e);
        }
    }

    /// <summary>
    /// Runs a provider call: a key service's on the thread pool, giving up after <see cref="KeyTimeout"/>
    /// with an error that says so; an interactive (local) key's on the caller, with no timeout.
    /// </summary>
    /// <remarks>
    /// Interactive keys are started one at a time and awaited at once (see <see cref="OpenGroupAsync"/>), so
    /// the pool would only add a thread: starting one costs a command-line run milliseconds, for an age
    /// unwrap that takes microseconds. A slow one (a passphrase, scrypt, gpg) then holds the caller, which
    /// is waiting for it anyway, and two prompts never run at once.
    /// </remarks>
    private async Task<T> WithTimeoutAsync<T>(MasterKey key, Func<CancellationToken, Task<T>> call)
    {
        if (InteractiveTypes.Contains(key.Type))
        {
            return await call(CancellationToken.None).ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(KeyTimeout);
        try
        {
            return await Task.Run(() => call(timeout.Token), timeout.Token).WaitAsync(KeyTimeout).ConfigureAwait(false);
        }
        catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && timeout.IsCancellationRequested))
        {
            throw new KeyUnwrapException($"timed out after {KeyTimeout.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture)} s without an answer");
        }
    }

    /// <summary>Listed types first in the given order; the rest keep their file order (a stable sort, as sops).</summary>
    private IEnumerable<MasterKey> Ordered(ImmutableArray<MasterKey> group) =>
        group.Select((k, i) => (Key: k, Index: i))
            .OrderBy(x => decryptionOrder.IndexOf(x.Key.Type) is var p && p >= 0 ? p : decryptionOrder.Count)
            .ThenBy(x => x.Index)
            .Select(x => x.Key);

    private IKeyProvider? Provider(MasterKey key) => providers.GetValueOrDefault(key.Type);

    private byte[][] Split(ImmutableArray<ImmutableArray<MasterKey>> groups, byte[] dataKey, int shamirThreshold)
    {
        var threshold = shamirThreshold == 0 ? groups.Length : shamirThreshold;
        if (groups.Length > SecretSharing.MaxParts)
        {
            throw new SopsException(SopsError.Generic, $"shamir allows at most {SecretSharing.MaxParts} key groups, not {groups.Length}");
        }

        if (threshold < 2 || threshold > groups.Length)
        {
            throw new SopsException(SopsError.Generic,
                $"the shamir threshold must be between 2 and the number of key groups ({groups.Length}), not {threshold}");
        }

        for (var i = 0; i < groups.Length; i++)
        {
            if (groups[i].IsEmpty)
            {
                throw new SopsException(SopsError.Generic, $"key group {i} has no keys, so its share could never be opened");
            }
        }

        return SecretSharing.Split(dataKey, groups.Length, threshold, Random);
    }
}
