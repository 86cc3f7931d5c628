namespace SopsNet.Keys;

/// <summary>
/// Wraps and unwraps the data key for one key type. Like age's Recipient/Identity: a provider either
/// returns the key or throws <see cref="KeyUnwrapException"/> saying why this key did not work; the
/// key ring collects those and keeps trying.
/// </summary>
public interface IKeyProvider
{
    /// <summary>The metadata list name this provider serves: <c>age</c>, <c>pgp</c>, <c>kms</c>, ...</summary>
    string Type { get; }

    /// <summary>Returns <paramref name="key"/> with its <c>enc</c> field set to the wrapped data key.</summary>
    Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken);

    /// <summary>Returns the data key (or Shamir share) held by <paramref name="key"/>.</summary>
    Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken);

    /// <summary>A short name for messages: the recipient, fingerprint, ARN... never secret.</summary>
    string Describe(MasterKey key);
}
