using System.Security.Cryptography;
using System.Text;

namespace SopsNet.Age;

/// <summary>
/// The age v1 text header: intro line, stanzas, and the <c>---</c> MAC line. Parsing keeps the exact
/// bytes the MAC covers (everything up to and including <c>---</c>), because the MAC is over bytes.
/// </summary>
internal sealed record AgeHeader(IReadOnlyList<AgeStanza> Stanzas, byte[] Mac, byte[] MacedBytes, int PayloadOffset)
{
    public const string Intro = "age-encryption.org/v1";
    public const int ColumnsPerLine = 64;
    private const int BytesPerLine = ColumnsPerLine / 4 * 3;

    /// <summary>The header text without the MAC, ending in <c>---</c> (what the MAC covers).</summary>
    public static byte[] MarshalWithoutMac(IEnumerable<AgeStanza> stanzas)
    {
        var sb = new StringBuilder(Intro).Append('\n');
        foreach (var stanza in stanzas)
        {
            AppendStanza(sb, stanza);
        }

        sb.Append("---");
        return Encoding.ASCII.GetBytes(sb.ToString());
    }

    /// <summary>
    /// One stanza as text: <c>-> TYPE ARGS…</c>, then the body in base64 lines of 64 columns. The last body
    /// line is always shorter than 64 (possibly empty): that short line is how a reader knows the body is
    /// over. The age plugin protocol sends its commands in the same form.
    /// </summary>
    public static void AppendStanza(StringBuilder sb, AgeStanza stanza)
    {
        sb.Append("-> ").Append(stanza.Type);
        foreach (var arg in stanza.Args)
        {
            sb.Append(' ').Append(arg);
        }

        sb.Append('\n');
        for (var i = 0; ; i += BytesPerLine)
        {
            var n = Math.Min(BytesPerLine, stanza.Body.Length - i);
            sb.Append(AgeBase64.Encode(stanza.Body.AsSpan(i, n))).Append('\n');
            if (n < BytesPerLine)
            {
                break;
            }
        }
    }

    /// <summary>The words of a stanza's first line after <c>"-> "</c>, or null when one is empty or not printable ASCII.</summary>
    public static string[]? SplitArgs(string words)
    {
        var args = words.Split(' ');
        return args.All(a => a.Length > 0 && a.All(c => c is >= (char)33 and <= (char)126)) ? args : null;
    }

    public static byte[] ComputeMac(ReadOnlySpan<byte> fileKey, ReadOnlySpan<byte> macedBytes)
    {
        var key = AgeCrypto.Hkdf(fileKey, [], "header");
        return AgeCrypto.HmacSha256(key, macedBytes);
    }

    public static AgeHeader Parse(ReadOnlySpan<byte> file)
    {
        var pos = 0;
        if (ReadLine(file, ref pos) != Intro)
        {
            throw new AgeException("age: not an age file, or an unsupported version (the first line is not \"age-encryption.org/v1\")");
        }

        var stanzas = new List<AgeStanza>();
        while (true)
        {
            var lineStart = pos;
            var line = ReadLine(file, ref pos) ?? throw Malformed("the header ends before the \"---\" line");
            if (line.StartsWith("---", StringComparison.Ordinal))
            {
                if (!line.StartsWith("--- ", StringComparison.Ordinal))
                {
                    throw Malformed("bad \"---\" line");
                }

                var mac = AgeBase64.Decode(line[4..], "the header mac");
                if (mac.Length != 32)
                {
                    throw Malformed("the header mac has the wrong length");
                }

                return new AgeHeader(stanzas, mac, file[..(lineStart + 3)].ToArray(), pos);
            }

            if (!line.StartsWith("-> ", StringComparison.Ordinal))
            {
                throw Malformed("a line is neither a stanza nor the \"---\" line");
            }

            var args = SplitArgs(line[3..]) ?? throw Malformed("a stanza argument is empty or not printable");
            stanzas.Add(new AgeStanza(args[0], args[1..], ReadBody(file, ref pos)));
        }
    }

    private static byte[] ReadBody(ReadOnlySpan<byte> file, ref int pos)
    {
        var body = new List<byte>();
        while (true)
        {
            var line = ReadLine(file, ref pos) ?? throw Malformed("a stanza body is not terminated");
            if (line.Length > ColumnsPerLine)
            {
                throw Malformed("a stanza body line is longer than 64 columns");
            }

            body.AddRange(AgeBase64.Decode(line, "a stanza body"));
            if (line.Length < ColumnsPerLine)
            {
                return body.ToArray();
            }
        }
    }

    /// <summary>The next '\n'-terminated ASCII line without the newline, or null at the end or on non-ASCII.</summary>
    private static string? ReadLine(ReadOnlySpan<byte> file, ref int pos)
    {
        var rest = file[pos..];
        var end = rest.IndexOf((byte)'\n');
        if (end < 0)
        {
            return null;
        }

        foreach (var b in rest[..end])
        {
            if (b < 32 || b > 126)
            {
                return null;
            }
        }

        pos += end + 1;
        return Encoding.ASCII.GetString(rest[..end]);
    }

    private static AgeException Malformed(string why) => new($"age: corrupt file: malformed header: {why}");
}
