using System.Globalization;
using System.Text;
using SopsNet.Tree;

namespace SopsNet.Values;

/// <summary>
/// How sops's Go encoders print a decrypted value when they lay it out afresh (<c>decrypt --extract</c>,
/// converted output): go-yaml v3 writes floats with <c>strconv.FormatFloat(f, 'g', -1, 64)</c>,
/// encoding/json with its own 'f'/'e' rule and HTML-safe string escapes, and the dotenv and INI stores
/// with <c>stores.ValToString</c>. Each differs from the others and from the canonical forms of
/// <see cref="Canonical"/>, and a script comparing bytes notices.
/// </summary>
public static class GoPrint
{
    /// <summary>go-yaml v3's float: the shortest 'g' form (exponent from 1e+06 up and below 1e-04), <c>.inf</c>, <c>.nan</c>.</summary>
    public static string YamlFloat(double value)
    {
        if (double.IsNaN(value))
        {
            return ".nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? ".inf" : "-.inf";
        }

        return FormatG(value, 'e');
    }

    /// <summary>
    /// encoding/json's float: plain decimals, an exponent only below 1e-6 or from 1e21 up, <c>e-7</c> not
    /// <c>e-07</c>. Null for NaN and infinities, which json.Marshal refuses.
    /// </summary>
    public static string? JsonFloat(double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            return null;
        }

        var abs = Math.Abs(value);
        if (abs != 0 && (abs < 1e-6 || abs >= 1e21))
        {
            var e = FormatE(value, 'e');
            var n = e.Length;
            return n >= 4 && e[n - 4] == 'e' && e[n - 3] == '-' && e[n - 2] == '0' ? e[..(n - 2)] + e[^1] : e;
        }

        var (digits, point, negative) = Shortest(value);
        return (negative ? "-" : "") + FormatF(digits, point);
    }

    /// <summary>
    /// encoding/json's string: besides quote, backslash and control characters it escapes <c>&lt;</c>,
    /// <c>&gt;</c>, <c>&amp;</c>, U+2028 and U+2029 (json.Marshal's HTML-safe default).
    /// </summary>
    public static string JsonString(string text)
    {
        var sb = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029' or < ' ':
                    sb.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(c); break;
            }
        }

        return sb.Append('"').ToString();
    }

    /// <summary>
    /// sops's stores.ValToString, how the dotenv and INI stores write a value that is not a string: floats
    /// in 'G' form with at least one decimal (<c>1.0</c>, <c>1E+06</c>), booleans lower-case, times in
    /// RFC 3339 without fraction. A null is the one deliberate difference: sops prints Go's <c>&lt;nil&gt;</c>,
    /// which reads back as that string; it is left empty here.
    /// </summary>
    public static string ValToString(Scalar scalar)
    {
        switch (scalar.Kind)
        {
            case ScalarKind.Float when GoFormat.TryParseFloat(scalar.Text, out var f):
                if (double.IsNaN(f) || double.IsInfinity(f))
                {
                    return GoFormat.FormatFloat(f);
                }

                var g = FormatG(f, 'E');
                return g.Contains('.') || g.Contains('E') ? g : g + ".0";
            case ScalarKind.Bool when GoFormat.TryParseBool(scalar.Text, out var b):
                return b ? "true" : "false";
            case ScalarKind.Int when GoFormat.TryParseInt(scalar.Text, out var i):
                return i.ToString(CultureInfo.InvariantCulture);
            case ScalarKind.Time when GoTime.TryParseRfc3339(scalar.Text, out var t):
                return (t with { Nanosecond = 0 }).ToString();
            case ScalarKind.Null:
                return "";
            default:
                return scalar.Text;
        }
    }

    /// <summary>The text of a non-string scalar as go-yaml prints it (the payload's own spelling is not kept).</summary>
    public static string YamlText(Scalar scalar) => scalar.Kind switch
    {
        ScalarKind.Null => "null",
        ScalarKind.Float when GoFormat.TryParseFloat(scalar.Text, out var f) => YamlFloat(f),
        ScalarKind.Bool when GoFormat.TryParseBool(scalar.Text, out var b) => b ? "true" : "false",
        ScalarKind.Int or ScalarKind.Time => Canonical.Text(scalar),
        _ => scalar.Text,
    };

    /// <summary>strconv's shortest 'g': %e when the exponent is below -4 or at least 6 (the precision Go assumes for shortest).</summary>
    private static string FormatG(double value, char e)
    {
        var (digits, point, negative) = Shortest(value);
        var exponent = point - 1;
        return digits.Length > 0 && (exponent < -4 || exponent >= 6)
            ? FormatE(value, e)
            : (negative ? "-" : "") + FormatF(digits, point);
    }

    /// <summary>strconv's shortest 'e': one digit, the rest after a point, and a signed exponent of at least two digits.</summary>
    private static string FormatE(double value, char e)
    {
        var (digits, point, negative) = Shortest(value);
        if (digits.Length == 0)
        {
            digits = "0";
            point = 1;
        }

        var exponent = point - 1;
        var sb = new StringBuilder();
        sb.Append(negative ? "-" : "").Append(digits[0]);
        if (digits.Length > 1)
        {
            sb.Append('.').Append(digits, 1, digits.Length - 1);
        }

        sb.Append(e).Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("D2", CultureInfo.InvariantCulture));
        return sb.ToString();
    }

    private static string FormatF(string digits, int point)
    {
        if (digits.Length == 0)
        {
            return "0";
        }

        if (point <= 0)
        {
            return "0." + new string('0', -point) + digits;
        }

        return point >= digits.Length ? digits + new string('0', point - digits.Length) : digits[..point] + "." + digits[point..];
    }

    /// <summary>The shortest digits that read back as <paramref name="value"/> (no leading or trailing zeros), with the value 0.DIGITS × 10^point.</summary>
    private static (string Digits, int Point, bool Negative) Shortest(double value)
    {
        var r = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var e = r.IndexOf('E', StringComparison.Ordinal);
        var exponent = e < 0 ? 0 : int.Parse(r[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var mantissa = e < 0 ? r : r[..e];
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var whole = dot < 0 ? mantissa : mantissa[..dot];
        var digits = whole + (dot < 0 ? "" : mantissa[(dot + 1)..]);
        var point = whole.Length + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        digits = digits.Trim('0');
        return (digits, point - leading, double.IsNegative(value));
    }
}
