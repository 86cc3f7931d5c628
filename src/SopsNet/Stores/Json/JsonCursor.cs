using System.Text;

namespace SopsNet.Stores.Json;

/// <summary>
/// The lexical level of the JSON reader: a position in the original bytes, whitespace, strings
/// (with escapes decoded), number tokens, and errors that carry the line and column.
/// </summary>
internal sealed class JsonCursor(JsonOriginal original)
{
    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly byte[] bytes = original.Bytes;

    public int Pos { get; set; }

    public bool AtEnd => Pos >= bytes.Length;

    /// <summary>The number token at <see cref="Pos"/>; integral when it has no fraction or exponent.</summary>
    public (string Text, bool Integral) ReadNumber()
    {
        var start = Pos;
        var integral = true;
        if (Peek() == (byte)'-')
        {
            Pos++;
        }

        if (Peek() == (byte)'0')
        {
            Pos++;
        }
        else if (IsDigit(Peek()))
        {
            SkipDigits();
        }
        else
        {
            throw Error("json: invalid number");
        }

        if (Peek() == (byte)'.')
        {
            integral = false;
            Pos++;
            if (!IsDigit(Peek()))
            {
                throw Error("json: invalid number: expected a digit after the decimal point");
            }

            SkipDigits();
        }

        if (Peek() is (byte)'e' or (byte)'E')
        {
            integral = false;
            Pos++;
            if (Peek() is (byte)'+' or (byte)'-')
            {
                Pos++;
            }

            if (!IsDigit(Peek()))
            {
                throw Error("json: invalid number: expected a digit in the exponent");
            }

            SkipDigits();
        }


        return (Encoding.ASCII.GetString(bytes, start, Pos - start), integral);
    }

    /// <summary>Reads a string token at <see cref="Pos"/> (on the opening quote) and decodes it.</summary>
    public string ReadString()
    {
        var open = Pos++;
        var sb = new StringBuilder();
        var runStart = Pos;
        while (true)
        {
            if (Pos >= bytes.Length)
            {
                Pos = open;
                throw Error("json: unterminated string");
            }

            var b = bytes[Pos];
            if (b == (byte)'"')
            {
                AppendRun(sb, runStart, Pos);
                Pos++;
                return sb.ToString();
            }

            if (b < 0x20)
            {
                throw Error("json: control character inside a string; it must be escaped");
            }

            if (b != (byte)'\\')
            {
                Pos++;
                continue;
            }

            AppendRun(sb, runStart, Pos);
            Pos++;
            var e = Peek();
            Pos++;
            switch (e)
            {
                case (byte)'"': sb.Append('"'); break;
                case (byte)'\\': sb.Append('\\'); break;
                case (byte)'/': sb.Append('/'); break;
                case (byte)'b': sb.Append('\b'); break;
                case (byte)'f': sb.Append('\f'); break;
                case (byte)'n': sb.Append('\n'); break;
                case (byte)'r': sb.Append('\r'); break;
                case (byte)'t': sb.Append('\t'); break;
                case (byte)'u': AppendUnicodeEscape(sb); break;
                default:
                    Pos -= 2;
                    throw Error(Pos + 1 >= bytes.Length ? "json: unterminated string" : "json: invalid escape in a string");
            }

            runStart = Pos;
        }
    }

    private void AppendRun(StringBuilder sb, int from, int to)
    {
        try
        {
            sb.Append(StrictUtf8.GetString(bytes, from, to - from));
        }
        catch (DecoderFallbackException e)
        {
            // Go would silently replace the bytes with U+FFFD; refusing is safer than changing a secret.
            Pos = from + e.Index;
            throw Error($"json: invalid utf-8 inside a string (at byte offset {Pos})");
        }
    }

    private void AppendUnicodeEscape(StringBuilder sb)
    {
        var unit = ReadHex4();
        if (char.IsHighSurrogate(unit) && Peek() == (byte)'\\' && Pos + 1 < bytes.Length && bytes[Pos + 1] == (byte)'u')
        {
            var save = Pos;
            Pos += 2;
            var low = ReadHex4();
            if (char.IsLowSurrogate(low))
            {
                sb.Append(unit).Append(low);
                return;
            }

            Pos = save;
        }

        // Like Go: a lone surrogate decodes to U+FFFD.
        sb.Append(char.IsSurrogate(unit) ? '\uFFFD' : unit);
    }

    private char ReadHex4()
    {
        var value = 0;
        for (var i = 0; i < 4; i++)
        {
            var h = Peek();
            var digit = h switch
            {
                >= (byte)'0' and <= (byte)'9' => h - '0',
                >= (byte)'a' and <= (byte)'f' => h - 'a' + 10,
                >= (byte)'A' and <= (byte)'F' => h - 'A' + 10,
                _ => throw Error("json: invalid \\u escape in a string"),
            };
            value = value * 16 + digit;
            Pos++;
        }

        return (char)value;
    }

    public int Peek() => Pos < bytes.Length ? bytes[Pos] : -1;

    public static bool IsDigit(int b) => b >= '0' && b <= '9';

    private void SkipDigits()
    {
        while (IsDigit(Peek()))
        {
            Pos++;
        }
    }

    public void SkipWhitespace()
    {
        while (Peek() is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            Pos++;
        }
    }

    public StoreException Error(string message)
    {
        var (line, column) = original.Position(Math.Min(Pos, bytes.Length));
        return new StoreException(message, line, column);
    }
}