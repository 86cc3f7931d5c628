using System.Collections.Immutable;
using System.Text;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Stores.Json;

/// <summary>
/// A strict RFC 8259 reader that builds the tree and records the byte span of every token, so the
/// writer can splice. Hand-written rather than Utf8JsonReader because members need spans that
/// include the separating comma and whitespace, which the reader does not expose.
/// </summary>
internal sealed class JsonParser
{
    // Far below the stack limit; real configuration files never come near it.
    private const int MaxDepth = 1000;

    private static readonly UTF8Encoding StrictUtf8 = new(false, true);

    private readonly JsonOriginal original;
    private readonly byte[] bytes;
    private readonly List<StoreWarning> warnings = [];
    private int pos;

    public JsonParser(JsonOriginal original)
    {
        this.original = original;
        bytes = original.Bytes;
    }

    public IReadOnlyList<StoreWarning> Warnings => warnings;

    /// <summary>Parses the whole content, which must be one object (after an optional BOM).</summary>
    public Mapping ParseDocument()
    {
        pos = JsonOriginal.HasBom(bytes) ? 3 : 0;
        SkipWhitespace();
        if (pos >= bytes.Length)
        {
            throw Error("json: the file is empty; it must contain an object");
        }

        if (bytes[pos] != (byte)'{')
        {
            if (IsValueStart(bytes[pos]))
            {
                throw Error("json: the top level must be an object; wrap the value in an object such as {\"data\": …}");
            }

            throw Error("json: invalid character where a value was expected");
        }

        var root = (Mapping)ParseObject("", pos, 0);
        SkipWhitespace();
        if (pos < bytes.Length)
        {
            throw Error("json: unexpected content after the top-level object");
        }

        return root;
    }

    private static bool IsValueStart(byte b) =>
        b is (byte)'[' or (byte)'"' or (byte)'-' or (byte)'t' or (byte)'f' or (byte)'n' || (b >= '0' && b <= '9');

    private Node ParseValue(string path, int lead, int depth)
    {
        if (pos >= bytes.Length)
        {
            throw Error("json: unexpected end of input where a value was expected");
        }

        switch (bytes[pos])
        {
            case (byte)'{':
                return ParseObject(path, lead, depth + 1);
            case (byte)'[':
                return ParseArray(path, lead, depth + 1);
            case (byte)'"':
                return ParseStringValue(path, lead);
            case (byte)'t':
                return ParseLiteral("true", ScalarKind.Bool, lead);
            case (byte)'f':
                return ParseLiteral("false", ScalarKind.Bool, lead);
            case (byte)'n':
                return ParseLiteral("null", ScalarKind.Null, lead);
            default:
                if (bytes[pos] == (byte)'-' || IsDigit(bytes[pos]))
                {
                    return ParseNumber(lead);
                }

                throw Error("json: invalid character where a value was expected");
        }
    }

    private Node ParseObject(string path, int lead, int depth)
    {
        CheckDepth(depth);
        var start = pos++;
        var items = ImmutableArray.CreateBuilder<Node>();
        var firstItemStart = -1;
        var tailStart = pos;
        SkipWhitespace();
        if (Peek() == (byte)'}')
        {
            pos++;
            return new Mapping(items.ToImmutable())
            {
                Source = new JsonContainerSource(original, lead, start, pos, firstItemStart, tailStart),
            };
        }

        while (true)
        {
            var memberLead = tailStart;
            SkipWhitespace();
            if (Peek() != (byte)'"')
            {
                throw Error(pos >= bytes.Length ? "json: unexpected end of input inside an object" : "json: expected a string key");
            }

            var keyStart = pos;
            if (firstItemStart < 0)
            {
                firstItemStart = keyStart;
            }

            var key = ReadString();
            var keyEnd = pos;
            SkipWhitespace();
            if (Peek() != (byte)':')
            {
                throw Error("json: expected ':' after an object key");
            }

            pos++;
            SkipWhitespace();
            var valueStart = pos;
            var value = ParseValue(path + JsonStore.KeyPath(key), valueStart, depth);
            tailStart = pos;
            items.Add(new Pair(key, value)
            {
                Source = new JsonMemberSource(original, memberLead, keyStart, keyEnd, valueStart, pos, key),
            });

            SkipWhitespace();
            var next = Peek();
            pos++;
            if (next == (byte)',')
            {
                continue;
            }

            if (next == (byte)'}')
            {
                break;
            }

            pos--;
            throw Error(pos >= bytes.Length ? "json: unexpected end of input inside an object" : "json: expected ',' or '}' after an object member");
        }

        return new Mapping(items.ToImmutable())
        {
            Source = new JsonContainerSource(original, lead, start, pos, firstItemStart, tailStart),
        };
    }

    private Node ParseArray(string path, int lead, int depth)
    {
        CheckDepth(depth);
        var start = pos++;
        var items = ImmutableArray.CreateBuilder<Node>();
        var firstItemStart = -1;
        var tailStart = pos;
        SkipWhitespace();
        if (Peek() == (byte)']')
        {
            pos++;
            return new Sequence(items.ToImmutable())
            {
                Source = new JsonContainerSource(original, lead, start, pos, firstItemStart, tailStart),
            };
        }

        while (true)
        {
            var elementLead = tailStart;
            SkipWhitespace();
            if (firstItemStart < 0)
            {
                firstItemStart = pos;
            }

            items.Add(ParseValue(path + "[" + items.Count + "]", elementLead, depth));
            tailStart = pos;
            SkipWhitespace();
            var next = Peek();
            pos++;
            if (next == (byte)',')
            {
                continue;
            }

            if (next == (byte)']')
            {
                break;
            }

            pos--;
            throw Error(pos >= bytes.Length ? "json: unexpected end of input inside an array" : "json: expected ',' or ']' after an array element");
        }

        return new Sequence(items.ToImmutable())
        {
            Source = new JsonContainerSource(original, lead, start, pos, firstItemStart, tailStart),
        };
    }

    private Scalar ParseStringValue(string path, int lead)
    {
        var start = pos;
        var text = ReadString();

        // The writer re-renders a decrypted string with minimal escaping, so an original that spelled
        // it differently (\u00e9, \/) will not come back byte for byte; say so now, not silently later.
        var token = bytes.AsSpan(start, pos - start);
        if (!token.SequenceEqual(Encoding.UTF8.GetBytes(JsonRenderer.Quote(text))))
        {
            var (line, column) = original.Position(start);
            warnings.Add(new StoreWarning(line, column, path, "escaped string will be written back with minimal escaping"));
        }

        return new Scalar(ScalarKind.String, text)
        {
            Source = new JsonScalarSource(original, lead, start, pos, ScalarKind.String, text),
        };
    }

    private Scalar ParseLiteral(string literal, ScalarKind kind, int lead)
    {
        var start = pos;
        foreach (var c in literal)
        {
            if (Peek() != c)
            {
                throw Error("json: invalid literal where a value was expected");
            }

            pos++;
        }

        var text = kind == ScalarKind.Null ? "" : literal;
        var scalar = kind == ScalarKind.Null ? Scalar.Null : new Scalar(kind, text);
        return scalar with { Source = new JsonScalarSource(original, lead, start, pos, kind, text) };
    }

    private Scalar ParseNumber(int lead)
    {
        var start = pos;
        var integral = true;
        if (Peek() == (byte)'-')
        {
            pos++;
        }

        if (Peek() == (byte)'0')
        {
            pos++;
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
            pos++;
            if (!IsDigit(Peek()))
            {
                throw Error("json: invalid number: expected a digit after the decimal point");
            }

            SkipDigits();
        }

        if (Peek() is (byte)'e' or (byte)'E')
        {
            integral = false;
            pos++;
            if (Peek() is (byte)'+' or (byte)'-')
            {
                pos++;
            }

            if (!IsDigit(Peek()))
            {
                throw Error("json: invalid number: expected a digit in the exponent");
            }

            SkipDigits();
        }

        var text = Encoding.ASCII.GetString(bytes, start, pos - start);

        // sops 3.13.2: an integer literal that fits int64 is an int, anything else a float64; the
        // literal itself is kept as the spelling that goes into the ciphertext.
        ScalarKind kind;
        if (integral && GoFormat.TryParseInt(text, out _))
        {
            kind = ScalarKind.Int;
        }
        else if (GoFormat.TryParseFloat(text, out _))
        {
            kind = ScalarKind.Float;
        }
        else
        {
            // Go's decoder refuses a number that overflows float64 too.
            pos = start;
            throw Error("json: number out of range for a 64-bit float");
        }

        return new Scalar(kind, text) { Source = new JsonScalarSource(original, lead, start, pos, kind, text) };
    }

    /// <summary>Reads a string token at <see cref="pos"/> (on the opening quote) and decodes it.</summary>
    private string ReadString()
    {
        var open = pos++;
        var sb = new StringBuilder();
        var runStart = pos;
        while (true)
        {
            if (pos >= bytes.Length)
            {
                pos = open;
                throw Error("json: unterminated string");
            }

            var b = bytes[pos];
            if (b == (byte)'"')
            {
                AppendRun(sb, runStart, pos);
                pos++;
                return sb.ToString();
            }

            if (b < 0x20)
            {
                throw Error("json: control character inside a string; it must be escaped");
            }

            if (b != (byte)'\\')
            {
                pos++;
                continue;
            }

            AppendRun(sb, runStart, pos);
            pos++;
            var e = Peek();
            pos++;
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
                    pos -= 2;
                    throw Error(pos + 1 >= bytes.Length ? "json: unterminated string" : "json: invalid escape in a string");
            }

            runStart = pos;
        }
    }

    private void AppendRun(StringBuilder sb, int from, int to)
    {
        try
        {
            sb.Append(StrictUtf8.GetString(bytes, from, to - from));
        }
        catch (DecoderFallbackException)
        {
            // Go would silently replace the bytes with U+FFFD; refusing is safer than changing a secret.
            pos = from;
            throw Error("json: invalid utf-8 inside a string");
        }
    }

    private void AppendUnicodeEscape(StringBuilder sb)
    {
        var unit = ReadHex4();
        if (char.IsHighSurrogate(unit) && Peek() == (byte)'\\' && pos + 1 < bytes.Length && bytes[pos + 1] == (byte)'u')
        {
            var save = pos;
            pos += 2;
            var low = ReadHex4();
            if (char.IsLowSurrogate(low))
            {
                sb.Append(unit).Append(low);
                return;
            }

            pos = save;
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
            pos++;
        }

        return (char)value;
    }

    private void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw Error("json: nesting is too deep");
        }
    }

    private int Peek() => pos < bytes.Length ? bytes[pos] : -1;

    private static bool IsDigit(int b) => b >= '0' && b <= '9';

    private void SkipDigits()
    {
        while (IsDigit(Peek()))
        {
            pos++;
        }
    }

    private void SkipWhitespace()
    {
        while (Peek() is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            pos++;
        }
    }

    private StoreException Error(string message)
    {
        var (line, column) = original.Position(Math.Min(pos, bytes.Length));
        return new StoreException(message, line, column);
    }
}
