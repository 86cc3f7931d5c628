using Org.BouncyCastle.Crypto.Digests;

namespace SopsNet.Crypto;

/// <summary>
/// Incremental SHA-512 for the file MAC, on BouncyCastle's managed digest rather than the BCL's
/// <see cref="System.Security.Cryptography.IncrementalHash"/>: on Linux the BCL's loads OpenSSL, which costs
/// a command-line run several milliseconds, more than hashing a typical file's values (a test checks that
/// both give the same hash). Disposing clears the buffered input, which is plaintext.
/// </summary>
internal sealed class Sha512Hash : IDisposable
{
    private readonly Sha512Digest digest = new();

    public void AppendData(ReadOnlySpan<byte> data) => digest.BlockUpdate(data);

    public byte[] GetHashAndReset()
    {
        var output = new byte[digest.GetDigestSize()];
        digest.DoFinal(output, 0);
        return output;
    }

    public void Dispose() => digest.Reset();
}
