namespace SopsNet.Age;

/// <summary>
/// An age file, key or recipient could not be used: malformed input, corrupt file, bad passphrase.
/// Not sealed because <see cref="AgeNoIdentityMatchedException"/> refines it: callers that only care
/// "age failed" catch this one (or <see cref="SopsException"/>, as for every SopsNet error).
/// </summary>
public class AgeException(string message, Exception? inner = null) : SopsException(SopsError.Generic, message, inner);
