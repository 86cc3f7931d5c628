namespace SopsNet.Keys;

/// <summary>This key could not produce the data key; the message (lower-case) says why.</summary>
public sealed class KeyUnwrapException(string message, Exception? inner = null) : Exception(message, inner);
