using System.Text;

namespace SopsNet.Age;

/// <summary>age ASCII armor (the form sops stores in <c>enc</c>): PEM-like, standard padded base64, 64 columns.</summary>
public static class AgeArmor
{
    public const string Header = "-----BEGIN AGE ENCRYPTED FILE-----";
    public const string Footer = "-----END AGE ENCRYPTED FILE-----";
    private const int Columns = 64;

    public static string Encode(ReadOnlySpan<byte> data)
    {
        var b64 = Convert.ToBase64String(data);
        var sb = new StringBuilder(Header).Append('\n');
        for (var i = 0; i < b64.Length; i += Columns)
        {
            sb.Append(b64, i, Math.Min(Columns, b64.Length - i)).Append('\n');
        }

        return sb.Append(Footer).Append('\n').ToString();
    }

    /// <summary>True when the text (after leading whitespace) starts with the armor header line.</summary>
    public static bool IsArmored(string text) => text.TrimStart().StartsWith(Header, StringComparison.Ordinal);

    public static byte[] Decode(string text)
    {
        // Surrounding whitespace and CRLF line ends are tolerated: enc values pass through YAML, JSON,
        // INI and dotenv stores and editors, which may add either.
        var lines = text.Replace("\r\n", "\n").Trim().Split('\n');
        if (lines.Length < 2 || lines[0] != Header)
        {
            throw new AgeException("age: corrupt file: malformed armor: missing \"" + Header + "\" line");
        }

        if (lines[^1] != Footer)
        {
            throw new AgeException("age: corrupt file: malformed armor: missing \"" + Footer + "\" line");
        }

        var body = lines[1..^1];
        for (var i = 0; i < body.Length; i++)
        {
            var tooLong = body[i].Length > Columns;
            var tooShort = i < body.Length - 1 && body[i].Length != Columns;
            if (tooLong || tooShort || body[i].Length == 0)
            {
                throw new AgeException("age: corrupt file: malformed armor: lines must be 64 columns except the last");
            }
        }

        var base64 = string.Concat(body);
        byte[] data;
        try
        {
            data = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new AgeException("age: corrupt file: malformed armor: invalid base64");
        }

        // .NET's decoder ignores blanks and nonzero padding bits; age's is strict, so one file has one armor.
        if (Convert.ToBase64String(data) != base64)
        {
            throw new AgeException("age: corrupt file: malformed armor: non-canonical base64");
        }

        return data;
    }
}
