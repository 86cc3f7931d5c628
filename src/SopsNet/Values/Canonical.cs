using System.Text;
using SopsNet.Tree;

namespace SopsNet.Values;

/// <summary>
/// sops's canonical plaintext of a value: what the MAC hashes (bool as True/False, Go float format,
/// decimal ints, RFC 3339 times). One place, used by both encryption and decryption, so the two can
/// never disagree.
/// </summary>
internal static class Canonical
{
    public static string Text(Scalar scalar) => scalar.Kind switch
    {
        ScalarKind.String => scalar.Text,
        ScalarKind.Int => GoFormat.TryParseInt(scalar.Text, out var i)
            ? i.ToString(System.Globalization.CultureInfo.InvariantCulture)
            : throw new FormatException("not an integer"),
        ScalarKind.Float => GoFormat.TryParseFloat(scalar.Text, out var f)
            ? GoFormat.FormatFloat(f)
            : throw new FormatException("not a float"),
        ScalarKind.Bool => GoFormat.TryParseBool(scalar.Text, out var b)
            ? GoFormat.FormatBool(b)
            : throw new FormatException("not a boolean"),
        ScalarKind.Time => GoTime.TryParseRfc3339(scalar.Text, out var t)
            ? t.ToString()
            : throw new FormatException("not an RFC 3339 time"),
        _ => "",
    };

    /// <summary>The bytes fed to the MAC for this value.</summary>
    public static byte[] Bytes(Scalar scalar) =>
        scalar.Kind == ScalarKind.String && scalar.Raw is not null ? scalar.Raw : Encoding.UTF8.GetBytes(Text(scalar));

    /// <summary>The envelope's <c>type:</c> word for a kind.</summary>
    public static string TypeName(ScalarKind kind) => kind switch
    {
        ScalarKind.String => "str",
        ScalarKind.Int => "int",
        ScalarKind.Float => "float",
        ScalarKind.Bool => "bool",
        ScalarKind.Time => "time",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "null values are never encrypted"),
    };
}
