using SopsNet.Crypto;
using SopsNet.Engine;
using SopsNet.Keys;

namespace SopsNet.Documents;

/// <summary>The engine the file layer works with: the caller's keys and clock, the system's randomness.</summary>
internal static class Engines
{
    public static SopsEngine Create(KeyRing keys, TimeProvider? clock) =>
        new(keys ?? throw new ArgumentNullException(nameof(keys)), SystemRandom.Fill, clock ?? TimeProvider.System);
}
