namespace SopsNet.Keys;

/// <summary>
/// This key could not produce the data key, or (despite the name) could not wrap it; the message
/// (lower-case) says why. The key ring collects these and reports them together.
/// </summary>
public sealed class KeyUnwrapException(string message, Exception? inner = null)
    : SopsException(SopsError.CouldNotRetrieveKey, message, inner);
