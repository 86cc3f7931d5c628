namespace SopsNet.Crypto;

/// <summary>Fills a buffer with random bytes. The core takes randomness only through this, so tests can pin it.</summary>
public delegate void RandomSource(Span<byte> buffer);
