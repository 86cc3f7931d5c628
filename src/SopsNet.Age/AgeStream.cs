using System.Buffers.Binary;

namespace SopsNet.Age;

/// <summary>
/// age's STREAM payload: 64 KiB ChaCha20-Poly1305 chunks, nonce = 11-byte big-endian counter + a byte
/// that is 1 only on the last chunk (so truncation at a chunk boundary is detected).
/// </summary>
internal static class AgeStream
{
    private const int ChunkSize = 64 * 1024;
    private const int TagSize = AgeCrypto.TagSize;

    public static byte[] Encrypt(byte[] key, ReadOnlySpan<byte> plaintext)
    {
        var chunks = Math.Max(1, (plaintext.Length + ChunkSize - 1) / ChunkSize);
        var output = new byte[plaintext.Length + chunks * TagSize];
        var outPos = 0;
        for (var i = 0; i < chunks; i++)
        {
            var chunk = plaintext.Slice(i * ChunkSize, Math.Min(ChunkSize, plaintext.Length - i * ChunkSize));
            var sealedChunk = AgeCrypto.Seal(key, Nonce(i, last: i == chunks - 1), chunk);
            sealedChunk.CopyTo(output, outPos);
            outPos += sealedChunk.Length;
        }

        return output;
    }

    public static byte[] Decrypt(byte[] key, ReadOnlySpan<byte> ciphertext)
    {
        const int sealedChunk = ChunkSize + TagSize;
        var chunks = Math.Max(1, (ciphertext.Length + sealedChunk - 1) / sealedChunk);
        var output = new List<byte>(ciphertext.Length);
        for (var i = 0; i < chunks; i++)
        {
            var chunk = ciphertext.Slice(i * sealedChunk, Math.Min(sealedChunk, ciphertext.Length - i * sealedChunk));
            if (chunk.Length < TagSize)
            {
                throw new AgeException("age: corrupt file: the payload is truncated");
            }

            if (chunk.Length == TagSize && i > 0)
            {
                // Only an empty file may have an empty (final) chunk.
                throw new AgeException("age: corrupt file: the last payload chunk is empty");
            }

            var plain = AgeCrypto.Open(key, Nonce(i, last: i == chunks - 1), chunk)
                ?? throw new AgeException("age: corrupt file: the payload failed authentication");
            output.AddRange(plain);
        }

        return output.ToArray();
    }

    private static byte[] Nonce(long counter, bool last)
    {
        var nonce = new byte[12];
        Span<byte> counterBytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(counterBytes, counter);
        counterBytes.CopyTo(nonce.AsSpan(3, 8));
        nonce[11] = last ? (byte)1 : (byte)0;
        return nonce;
    }
}
