using SopsNet.Keys;

namespace SopsNet.Tests.Support;

/// <summary>
/// A key provider for engine tests that stores the data key in the clear (type "test"): the second
/// implementation of IKeyProvider. It can be told to refuse, to test the key ring's error reporting.
/// </summary>
public sealed class FakeKeyProvider(bool refuse = false) : IKeyProvider
{
    public string Type => "test";

    public Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken) =>
        Task.FromResult(key.With("enc", Convert.ToHexString(dataKey.Span)));

    public Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken) =>
        refuse ? throw new KeyUnwrapException("refused by the test") : Task.FromResult(Convert.FromHexString(key.Enc));

    public string Describe(MasterKey key) => key.Field("name") ?? "?";
}
