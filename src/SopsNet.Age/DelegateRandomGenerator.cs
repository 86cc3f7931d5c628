using Org.BouncyCastle.Crypto.Prng;

namespace SopsNet.Age;

/// <summary>
/// Lets BouncyCastle draw from the caller's random source (the <c>random</c> every wrap takes), so a
/// test that fixes the randomness fixes ML-KEM's too.
/// </summary>
internal sealed class DelegateRandomGenerator(Action<Span<byte>> random) : IRandomGenerator
{
    public void AddSeedMaterial(byte[] seed)
    {
    }

    public void AddSeedMaterial(ReadOnlySpan<byte> seed)
    {
    }

    public void AddSeedMaterial(long seed)
    {
    }

    public void NextBytes(byte[] bytes) => random(bytes);

    public void NextBytes(byte[] bytes, int start, int len) => random(bytes.AsSpan(start, len));

    public void NextBytes(Span<byte> bytes) => random(bytes);
}
