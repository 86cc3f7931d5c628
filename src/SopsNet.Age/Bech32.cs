namespace SopsNet.Age;

/// <summary>
/// Bech32 (BIP 173, not bech32m) as age uses it: no 90-character limit, and a string must be all
/// lower-case or all upper-case (identities are upper-case, the checksum uses the lower-case form).
/// </summary>
internal static class Bech32
{
    private const string Charset = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

    public static string Encode(string hrp, ReadOnlySpan<byte> data)
    {
        var upper = hrp.ToUpperInvariant() == hrp && hrp.ToLowerInvariant() != hrp;
        var lowerHrp = hrp.ToLowerInvariant();
        var values = ConvertBits(data, 8, 5, pad: true)!;
        var checksum = CreateChecksum(lowerHrp, values);
        var chars = new System.Text.StringBuilder(lowerHrp.Length + 1 + values.Count + 6);
        chars.Append(lowerHrp).Append('1');
        foreach (var v in values.Concat(checksum))
        {
            chars.Append(Charset[v]);
        }

        var s = chars.ToString();
        return upper ? s.ToUpperInvariant() : s;
    }

    /// <summary>Returns (hrp as written, data) or null when the string is not valid Bech32.</summary>
    public static (string Hrp, byte[] Data)? Decode(string s)
    {
        var lower = s.ToLowerInvariant();
        if (lower != s && s.ToUpperInvariant() != s)
        {
            return null;
        }

        var sep = lower.LastIndexOf('1');
        if (sep < 1 || sep + 7 > lower.Length)
        {
            return null;
        }

        foreach (var c in lower)
        {
            if (c < 33 || c > 126)
            {
                return null;
            }
        }

        var hrp = lower[..sep];
        var values = new List<byte>();
        foreach (var c in lower[(sep + 1)..])
        {
            var v = Charset.IndexOf(c);
            if (v < 0)
            {
                return null;
            }

            values.Add((byte)v);
        }

        if (Polymod(ExpandHrp(hrp).Concat(values)) != 1)
        {
            return null;
        }

        var data = ConvertBits(values.Take(values.Count - 6).ToArray(), 5, 8, pad: false);
        return data is null ? null : (s[..sep], data.ToArray());
    }

    private static byte[] CreateChecksum(string hrp, List<byte> values)
    {
        var mod = Polymod(ExpandHrp(hrp).Concat(values).Concat(new byte[6])) ^ 1;
        var result = new byte[6];
        for (var i = 0; i < 6; i++)
        {
            result[i] = (byte)((mod >> (5 * (5 - i))) & 31);
        }

        return result;
    }

    private static IEnumerable<byte> ExpandHrp(string hrp) =>
        hrp.Select(c => (byte)(c >> 5)).Append((byte)0).Concat(hrp.Select(c => (byte)(c & 31)));

    private static uint Polymod(IEnumerable<byte> values)
    {
        uint[] gen = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];
        uint chk = 1;
        foreach (var v in values)
        {
            var top = chk >> 25;
            chk = ((chk & 0x1ffffff) << 5) ^ v;
            for (var i = 0; i < 5; i++)
            {
                if (((top >> i) & 1) != 0)
                {
                    chk ^= gen[i];
                }
            }
        }

        return chk;
    }

    private static List<byte>? ConvertBits(ReadOnlySpan<byte> data, int from, int to, bool pad)
    {
        var acc = 0;
        var bits = 0;
        var maxValue = (1 << to) - 1;
        var result = new List<byte>();
        foreach (var b in data)
        {
            acc = (acc << from) | b;
            bits += from;
            while (bits >= to)
            {
                bits -= to;
                result.Add((byte)((acc >> bits) & maxValue));
            }
        }

        if (pad)
        {
            if (bits > 0)
            {
                result.Add((byte)((acc << (to - bits)) & maxValue));
            }
        }
        else if (bits >= from || ((acc << (to - bits)) & maxValue) != 0)
        {
            return null;
        }

        return result;
    }
}
