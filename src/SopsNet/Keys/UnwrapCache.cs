using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace SopsNet.Keys;

/// <summary>
/// Remembers, for one process, what each distinct wrapped key gave: the data key (or share), or why it
/// failed. Decrypting 200 files that share a KMS key then makes one KMS call, and a key service that is
/// down costs one timeout, not 200. Entries are keyed by type, identity and <c>enc</c> (the wrapped key,
/// which the file holds in the open), so the table holds nothing secret beyond the unwrapped keys, which
/// the files' data keys already are. The key is not hashed: a hash would load OpenSSL (milliseconds of
/// start-up) for a table of a few entries.
/// Share one instance between key rings to share the results (the CLI keeps one per run).
/// </summary>
public sealed class UnwrapCache
{
    private readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> entries = new(StringComparer.Ordinal);

    public int Count => entries.Count;

    /// <summary>
    /// The result of unwrapping <paramref name="key"/>, running <paramref name="unwrap"/> only the first time
    /// (concurrent callers share the one call in flight). Each caller gets its own copy of the bytes.
    /// </summary>
    public async Task<byte[]> GetOrAddAsync(MasterKey key, Func<Task<byte[]>> unwrap)
    {
        var entry = entries.GetOrAdd(Id(key), _ => new Lazy<Task<byte[]>>(unwrap, LazyThreadSafetyMode.ExecutionAndPublication));
        var bytes = await entry.Value.ConfigureAwait(false);
        return bytes.ToArray();
    }

    /// <summary>Forgets every result, overwriting the unwrapped keys it held.</summary>
    public void Clear()
    {
        foreach (var entry in entries.Values)
        {
            if (entry.IsValueCreated && entry.Value.IsCompletedSuccessfully)
            {
                CryptographicOperations.ZeroMemory(entry.Value.Result);
            }
        }

        entries.Clear();
    }

    private static string Id(MasterKey key) => $"{KeyIdentity.Of(key)}\0{key.Enc}";
}
