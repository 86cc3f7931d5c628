namespace SopsNet.Crypto;

/// <summary>A value or MAC did not authenticate (wrong key, wrong path, tampered data).</summary>
public sealed class CryptographicFailure(string message) : SopsException(SopsError.ErrorDecryptingTree, message);
