namespace SopsNet.Age;

/// <summary>
/// Blowfish with bcrypt's "expensive key schedule" (Provos and Mazières), the core of OpenBSD's
/// bcrypt_pbkdf. BouncyCastle's Blowfish does not expose the salted key expansion bcrypt needs.
/// </summary>
internal sealed class EksBlowfish
{
    private readonly uint[] p = (uint[])BlowfishPi.P.Clone();
    private readonly uint[][] s = [(uint[])BlowfishPi.S0.Clone(), (uint[])BlowfishPi.S1.Clone(), (uint[])BlowfishPi.S2.Clone(), (uint[])BlowfishPi.S3.Clone()];

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

        foreach (var box in s)
        {
            for (var i = 0; i < 256; i += 2)
            {
                Mix(salt, ref j, ref l, ref r);
                (box[i], box[i + 1]) = (l, r);
            }
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

    private uint F(uint x) => ((s[0][x >> 24] + s[1][(x >> 16) & 0xff]) ^ s[2][(x >> 8) & 0xff]) + s[3][x & 0xff];

    /// <summary>The next big-endian word of <paramref name="data"/>, wrapping around (Blowfish_stream2word).</summary>
    private static uint NextWord(ReadOnlySpan<byte> data, ref int j)
    {
        uint word = 0;
        for (var i = 0; i < 4; i++)
        {
            word = (word << 8) | data[j];
            j = (j + 1) % data.Length;
        }

        return word;
    }
}
