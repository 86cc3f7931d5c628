namespace SopsNet.Age;

/// <summary>
/// An age file, key or recipient could not be used: malformed input, corrupt file, bad passphrase.
/// Not sealed because <see cref="AgeNoIdentityMatchedException"/> refines it: callers that only care
/// "age failed" catch this one.
/// </summary>
public class AgeException(string message, Exception? inner = null) : Exception(message, inner);
