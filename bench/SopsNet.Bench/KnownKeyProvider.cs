using SopsNet.Keys;

namespace SopsNet.Bench;

/// <summary>
/// Hands out <see cref="ThroughputBenchmarks.DataKey"/> for the placeholder age entry of the benchmark files, so
/// the rows that open a file through a key ring measure the file work, not an age decryption.
/// </summary>
public sealed class KnownKeyProvider : IKeyProvider
{
    public string Type => "age";

    public Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken) =>
        throw new NotSupportedException("the benchmark files are written with a known data key");

    public Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken) => Task.FromResult(ThroughputBenchmarks.DataKey.ToArray());

    public string Describe(MasterKey key) => "the benchmark's known data key";
}
