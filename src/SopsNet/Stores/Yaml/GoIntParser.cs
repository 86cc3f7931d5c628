namespace SopsNet.Stores.Yaml;

/// <summary>
/// Go's strconv.ParseInt / ParseUint with base 0, which is what go-yaml v3 uses to type plain scalars:
/// optional sign, <c>0x</c>/<c>0o</c>/<c>0b</c> prefixes (any letter case) and a bare leading <c>0</c>
/// meaning octal. Underscores must already be removed (go-yaml strips them before parsing).
/// </summary>
internal static class GoIntParser
{
    /// <summary>ParseInt(s, 0, 64).</summary>
    public static bool TryParseInt64(string s, out long value)
    {
        value = 0;
        var negative = false;
        var body = s;
        if (body.Length > 0 && (body[0] == '+' || body[0] == '-'))
        {
            negative = body[0] == '-';
            body = body[1..];
        }

        if (!TryParseUInt64(body, out var magnitude))
        {
            return false;
        }

        if (negative)
        {
            if (magnitude > (ulong)long.MaxValue + 1)
            {
                return false;
            }

            value = magnitude == (ulong)long.MaxValue + 1 ? long.MinValue : -(long)magnitude;
            return true;
        }

        if (magnitude > long.MaxValue)
        {
            return false;
        }

        value = (long)magnitude;
        return true;
    }

    /// <summary>ParseUint(s, 0, 64): no sign accepted.</summary>
    public static bool TryParseUInt64(string s, out ulong value)
    {
        value = 0;
        if (s.Length == 0)
        {
            return false;
        }

        var radix = 10;
        var digits = s;
        if (s.Length > 1 && s[0] == '0')
        {
            switch (s[1])
            {
                case 'x' or 'X':
                    radix = 16;
                    digits = s[2..];
                    break;
                case 'o' or 'O':
                    radix = 8;
                    digits = s[2..];
                    break;
                case 'b' or 'B':
                    radix = 2;
                    digits = s[2..];
                    break;
                default:
                    radix = 8;
                    digits = s[1..];
                    break;
            }
        }

        if (digits.Length == 0)
        {
            return false;
        }

        UInt128 acc = 0;
        foreach (var c in digits)
        {
            var d = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'z' => c - 'a' + 10,
                >= 'A' and <= 'Z' => c - 'A' + 10,
                _ => 99,
            };
            if (d >= radix)
            {
                return false;
            }

            acc = acc * (uint)radix + (uint)d;
            if (acc > ulong.MaxValue)
            {
                return false;
            }
        }

        value = (ulong)acc;
        return true;
    }
}
