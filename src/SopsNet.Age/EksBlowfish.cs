namespace SopsNet.Age;

/// <summary>
/// Blowfish with bcrypt's "expensive key schedule" (Provos and Mazières), the core of OpenBSD's
/// bcrypt_pbkdf. BouncyCastle's Blowfish does not expose the salted key expansion bcrypt needs.
/// </summary>
internal sealed class EksBlowfish
{
    private readonly uint[] p = (uint[])BlowfishPi.P.Clone();

    // The four S-boxes in one array (S0 at 0, S1 at 256, ...): bcrypt_pbkdf spends its time in F.
    private readonly uint[] s = [.. BlowfishPi.S0, .. BlowfishPi.S1, .. BlowfishPi.S2, .. BlowfishPi.S3];

    /// <summary>Blowfish_expandstate when <paramref name="salt"/> is given, Blowfish_expand0state otherwise.</summary>
    public void Expand(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt = default)
    {
        var j = 0;
        for (var i = 0; i < 18; i++)
        {
            p[i] ^= NextWord(key, ref j);
        }

        j = 0;
        uint l = 0, r = 0;
        for (var i = 0; i < 18; i += 2)
        {
            Mix(salt, ref j, ref l, ref r);
            (p[i], p[i + 1]) = (l, r);
        }

        for (var i = 0; i < s.Length; i += 2)
        {
            Mix(salt, ref j, ref l, ref r);
            (s[i], s[i + 1]) = (l, r);
        }
    }

    public void Encrypt(ref uint l, ref uint r)
    {
        for (var i = 0; i < 16; i += 2)
        {
            l ^= p[i];
            r ^= F(l);
            r ^= p[i + 1];
            l ^= F(r);
        }

        l ^= p[16];
        r ^= p[17];
        (l, r) = (r, l);
    }

    private void Mix(ReadOnlySpan<byte> salt, ref int j, ref uint l, ref uint r)
    {
        if (!salt.IsEmpty)
        {
            l ^= NextWord(salt, ref j);
            r ^= NextWord(salt, ref j);
        }

        Encrypt(ref l, ref r);
    }

    private uint F(uint x) => ((s[x >> 24] + s[256 + ((x >> 16) & 0xff)]) ^ s[512 + ((x >> 8) & 0xff)]) + s[768 + (x & 0xff)];

    /// <summary>The next big-endian word of <paramref name="data"/>, wrapping around (Blowfish_stream2word).</summary>
    private static uint NextWord(ReadOnlySpan<byte> data, ref int j)
    {
        uint word = 0;
        for (var i = 0; i < 4; i++)
        {
            word = (word << 8) | data[j];
            if (++j == data.Length)
            {
                j = 0;
            }
        }

        return word;
    }
}
