using SopsNet.Keys;

namespace SopsNet.Bench;

/// <summary>
/// Hands out <see cref="ThroughputBenchmarks.DataKey"/> for the placeholder age entry of the benchmark files, and
/// writes that entry for any data key, so the rows that go through a key ring measure the file work, not age.
/// </summary>
public sealed class KnownKeyProvider : IKeyProvider
{
    public string Type => "age";

    /// <summary>The placeholder entry of the benchmark files: the rows that encrypt through a key ring measure the file work, not an age encryption.</summary>
    public Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken) =>
        Task.FromResult(key.With("enc", Placeholder));

    public const string Placeholder = "-----BEGIN AGE ENCRYPTED FILE-----\n-----END AGE ENCRYPTED FILE-----\n";

    public Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken) => Task.FromResult(ThroughputBenchmarks.DataKey.ToArray());

    public string Describe(MasterKey key) => "the benchmark's known data key";
}
