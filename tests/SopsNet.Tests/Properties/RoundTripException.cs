namespace SopsNet.Tests.Properties;

/// <summary>A broken round-trip invariant; the message says which one and shows the bytes involved.</summary>
public sealed class RoundTripException(string message, Exception? inner = null) : Exception(message, inner);
