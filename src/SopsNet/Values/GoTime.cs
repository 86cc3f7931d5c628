using System.Globalization;
using System.Text;

namespace SopsNet.Values;

/// <summary>
/// A timestamp with Go's nanosecond precision (DateTimeOffset stops at 100 ns, which would change the
/// MAC of a value like <c>…:05.123456789Z</c>). Formats as Go's time.MarshalText (RFC 3339 with the
/// fraction's trailing zeros trimmed and <c>Z</c> for a zero offset), which is sops's canonical form.
/// </summary>
public readonly record struct GoTime(int Year, int Month, int Day, int Hour, int Minute, int Second, int Nanosecond, int OffsetSeconds)
{
    public override string ToString()
    {
        var sb = new StringBuilder(35);
        sb.Append(CultureInfo.InvariantCulture, $"{Year:D4}-{Month:D2}-{Day:D2}T{Hour:D2}:{Minute:D2}:{Second:D2}");
        if (Nanosecond != 0)
        {
            sb.Append('.').Append(Nanosecond.ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0'));
        }

        if (OffsetSeconds == 0)
        {
            sb.Append('Z');
        }
        else
        {
            var abs = Math.Abs(OffsetSeconds);
            sb.Append(OffsetSeconds < 0 ? '-' : '+')
              .Append(CultureInfo.InvariantCulture, $"{abs / 3600:D2}:{abs / 60 % 60:D2}");
        }

        return sb.ToString();
    }

    /// <summary>Go's time.Parse(time.RFC3339, s): the fraction is optional, the offset is Z or ±hh:mm.</summary>
    public static bool TryParseRfc3339(string s, out GoTime time)
    {
        time = default;
        if (s.Length < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't') || s[13] != ':' || s[16] != ':')
        {
            return false;
        }

        if (!Digits(s, 0, 4, out var year) || !Digits(s, 5, 2, out var month) || !Digits(s, 8, 2, out var day) ||
            !Digits(s, 11, 2, out var hour) || !Digits(s, 14, 2, out var minute) || !Digits(s, 17, 2, out var second))
        {
            return false;
        }

        var i = 19;
        var nanos = 0;
        if (s[i] == '.')
        {
            var start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i]))
            {
                i++;
            }

            var fraction = s[start..i];
            if (fraction.Length is 0 or > 9)
            {
                return false;
            }

            nanos = int.Parse(fraction.PadRight(9, '0'), CultureInfo.InvariantCulture);
        }

        int offset;
        var rest = s[i..];
        if (rest is "Z" or "z")
        {
            offset = 0;
        }
        else if (rest.Length == 6 && (rest[0] == '+' || rest[0] == '-') && rest[3] == ':' &&
                 Digits(rest, 1, 2, out var oh) && Digits(rest, 4, 2, out var om) && oh < 24 && om < 60)
        {
            offset = (rest[0] == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        }
        else
        {
            return false;
        }

        if (month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(year, 1), month) ||
            hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        time = new GoTime(year, month, day, hour, minute, second, nanos, offset);
        return true;
    }

    public static GoTime FromUtc(DateTimeOffset utc)
    {
        var u = utc.ToUniversalTime();
        return new GoTime(u.Year, u.Month, u.Day, u.Hour, u.Minute, u.Second, 0, 0);
    }

    private static bool Digits(string s, int start, int count, out int value)
    {
        value = 0;
        for (var k = start; k < start + count; k++)
        {
            if (!char.IsAsciiDigit(s[k]))
            {
                return false;
            }

            value = value * 10 + (s[k] - '0');
        }

        return true;
    }
}
