using SopsNet.Values;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// go-yaml v3's timestamp typing of plain scalars: Go's time.Parse with the layouts
/// <c>2006-1-2T15:4:5.999999999Z07:00</c>, the same with a lower-case <c>t</c>,
/// <c>2006-1-2 15:4:5.999999999</c> (UTC) and <c>2006-1-2</c>. Month, day, hour, minute and second
/// take one or two digits; the fraction takes any number of digits (only nine count) after a
/// period or comma; the zone is <c>Z</c> or <c>±hh:mm</c>.
/// </summary>
internal static class GoYamlTimestamp
{
    public static bool TryParse(string s, out GoTime time)
    {
        time = default;
        if (s.Length < 5 || !Digits(s, 0, 4) || s[4] != '-')
        {
            return false;
        }

        var year = int.Parse(s.AsSpan(0, 4), provider: System.Globalization.CultureInfo.InvariantCulture);
        var i = 5;
        if (!Num(s, ref i, out var month) || !Expect(s, ref i, '-') || !Num(s, ref i, out var day))
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month))
        {
            return false;
        }

        if (i == s.Length)
        {
            time = new GoTime(year, month, day, 0, 0, 0, 0, 0);
            return true;
        }

        var separator = s[i++];
        if (separator is not ('T' or 't' or ' '))
        {
            return false;
        }

        if (!Num(s, ref i, out var hour) || !Expect(s, ref i, ':') || !Num(s, ref i, out var minute) ||
            !Expect(s, ref i, ':') || !Num(s, ref i, out var second))
        {
            return false;
        }

        if (hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var nanos = 0;
        if (i + 1 < s.Length && (s[i] == '.' || s[i] == ',') && char.IsAsciiDigit(s[i + 1]))
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var fraction = s[start..Math.Min(i, start + 9)].PadRight(9, '0');
            nanos = int.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture);
        }

        var offset = 0;
        if (separator == ' ')
        {
            // The space-separated layout has no zone: anything left over is "extra text".
            if (i != s.Length)
            {
                return false;
            }
        }
        else
        {
            var rest = s[i..];
            if (rest == "Z")
            {
                offset = 0;
            }
            else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
                     Digits(rest, 1, 2) && Digits(rest, 4, 2))
            {
                var oh = (rest[1] - '0') * 10 + rest[2] - '0';
                var om = (rest[4] - '0') * 10 + rest[5] - '0';
                if (oh >= 24 || om >= 60)
                {
                    return false;
                }

                offset = (rest[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
            }
            else
            {
                return false;
            }
        }

        time = new GoTime(year, month, day, hour, minute, second, nanos, offset);
        return true;
    }

    private static bool Digits(string s, int start, int count)
    {
        for (var k = start; k < start + count; k++)
        {
            if (!char.IsAsciiDigit(s[k]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Go's getnum(value, false): one digit, or two when the second is a digit.</summary>
    private static bool Num(string s, ref int i, out int value)
    {
        value = 0;
        if (i >= s.Length || !char.IsAsciiDigit(s[i]))
        {
            return false;
        }

        value = s[i++] - '0';
        if (i < s.Length && char.IsAsciiDigit(s[i]))
        {
            value = value * 10 + s[i++] - '0';
        }

        return true;
    }

    private static bool Expect(string s, ref int i, char c)
    {
        if (i < s.Length && s[i] == c)
        {
            i++;
            return true;
        }

        return false;
    }
}
