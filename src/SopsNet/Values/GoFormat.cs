using System.Globalization;

namespace SopsNet.Values;

/// <summary>
/// The number and boolean spellings of Go's strconv, which is how sops parses decrypted values and
/// how it writes the canonical forms hashed by the MAC. .NET's own formats differ in small ways
/// (exponents, "Infinity", "True"), and any difference breaks the MAC.
/// </summary>
public static class GoFormat
{
    /// <summary>strconv.FormatFloat(f, 'f', -1, 64): shortest round-trip digits, never an exponent.</summary>
    public static string FormatFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return "NaN";
        }

        if (double.IsPositiveInfinity(value))
        {
            return "+Inf";
        }

        if (double.IsNegativeInfinity(value))
        {
            return "-Inf";
        }

        var r = value.ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOfAny(['E', 'e']);
        return e < 0 ? r : ExpandExponent(r[..e], int.Parse(r[(e + 1)..], CultureInfo.InvariantCulture));
    }

    private static string ExpandExponent(string mantissa, int exponent)
    {
        var negative = mantissa.StartsWith('-');
        if (negative)
        {
            mantissa = mantissa[1..];
        }

        var dot = mantissa.IndexOf('.');
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var pointAt = (dot < 0 ? mantissa.Length : dot) + exponent;
        string result;
        if (pointAt <= 0)
        {
            result = "0." + new string('0', -pointAt) + digits;
        }
        else if (pointAt >= digits.Length)
        {
            result = digits + new string('0', pointAt - digits.Length);
        }
        else
        {
            result = digits[..pointAt] + "." + digits[pointAt..];
        }

        if (result.Contains('.'))
        {
            result = result.TrimEnd('0').TrimEnd('.');
        }

        return negative ? "-" + result : result;
    }

    /// <summary>strconv.ParseFloat(s, 64) for the decimal forms plus inf/infinity/nan in any case.</summary>
    public static bool TryParseFloat(string text, out double value)
    {
        value = 0;
        if (text.Length == 0 || char.IsWhiteSpace(text[0]) || char.IsWhiteSpace(text[^1]))
        {
            return false;
        }

        var body = text.TrimStart('+', '-');
        if (text.Length - body.Length > 1)
        {
            return false;
        }

        var sign = text.StartsWith('-') ? -1.0 : 1.0;
        if (body.Equals("inf", StringComparison.OrdinalIgnoreCase) || body.Equals("infinity", StringComparison.OrdinalIgnoreCase))
        {
            value = sign * double.PositiveInfinity;
            return true;
        }

        if (body.Equals("nan", StringComparison.OrdinalIgnoreCase))
        {
            value = double.NaN;
            return text.Length == body.Length;
        }

        if (body.Length == 0 || !(char.IsAsciiDigit(body[0]) || body[0] == '.'))
        {
            return false;
        }

        return double.TryParse(text, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint | NumberStyles.AllowExponent,
            CultureInfo.InvariantCulture, out value) && !double.IsInfinity(value);
    }

    /// <summary>strconv.Atoi on 64 bits: optional sign, decimal digits (leading zeros allowed).</summary>
    public static bool TryParseInt(string text, out long value) =>
        long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value) &&
        text.Length > 0 && !char.IsWhiteSpace(text[0]);

    /// <summary>strconv.ParseBool.</summary>
    public static bool TryParseBool(string text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True":
                value = true;
                return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False":
                value = false;
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>How sops writes a bool: capitalised, a heritage of the Python implementation.</summary>
    public static string FormatBool(bool value) => value ? "True" : "False";
}
