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
    private readonly JsonOriginal original;
    private readonly JsonCursor cursor;
    private readonly List<StoreWarning> warnings = [];

    public JsonParser(JsonOriginal original)
    {
        this.original = original;
        cursor = new JsonCursor(original);
    }

    public IReadOnlyList<StoreWarning> Warnings => warnings;

    /// <summary>Parses the whole content, which must be one object (after an optional BOM).</summary>
    public Mapping ParseDocument()
    {
        cursor.Pos = JsonOriginal.HasBom(original.Bytes) ? 3 : 0;
        cursor.SkipWhitespace();
        if (cursor.AtEnd)
        {
            throw cursor.Error("json: the file is empty; it must contain an object");
        }

        if (cursor.Peek() != (byte)'{')
        {
            if (IsValueStart(cursor.Peek()))
            {
                throw cursor.Error("json: the top level must be an object; wrap the value in an object such as {\"data\": …}");
            }

            throw cursor.Error("json: invalid character where a value was expected");
        }

        var root = (Mapping)ParseObject("", cursor.Pos, 1);
        cursor.SkipWhitespace();
        if (!cursor.AtEnd)
        {
            throw cursor.Error("json: unexpected content after the top-level object");
        }

        return root;
    }

    private static bool IsValueStart(int b) =>
        b is (byte)'[' or (byte)'"' or (byte)'-' or (byte)'t' or (byte)'f' or (byte)'n' || (b >= '0' && b <= '9');

    private Node ParseValue(string path, int lead, int depth)
    {
        if (cursor.AtEnd)
        {
            throw cursor.Error("json: unexpected end of input where a value was expected");
        }

        switch (cursor.Peek())
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
                if (cursor.Peek() == (byte)'-' || JsonCursor.IsDigit(cursor.Peek()))
                {
                    return ParseNumber(lead);
                }

                throw cursor.Error("json: invalid character where a value was expected");
        }
    }

    private Node ParseObject(string path, int lead, int depth)
    {
        CheckDepth(depth);
        var start = cursor.Pos++;
        var items = ImmutableArray.CreateBuilder<Node>();
        var firstItemStart = -1;
        var tailStart = cursor.Pos;
        cursor.SkipWhitespace();
        if (cursor.Peek() == (byte)'}')
        {
            cursor.Pos++;
            return new Mapping(items.ToImmutable())
            {
                Source = new JsonContainerSource(original, lead, start, cursor.Pos, firstItemStart, tailStart),
            };
        }

        while (true)
        {
            var memberLead = tailStart;
            cursor.SkipWhitespace();
            if (cursor.Peek() != (byte)'"')
            {
                throw cursor.Error(cursor.AtEnd ? "json: unexpected end of input inside an object" : "json: expected a string key");
            }

            var keyStart = cursor.Pos;
            if (firstItemStart < 0)
            {
                firstItemStart = keyStart;
            }

            var key = cursor.ReadString();
            var keyEnd = cursor.Pos;
            cursor.SkipWhitespace();
            if (cursor.Peek() != (byte)':')
            {
                throw cursor.Error("json: expected ':' after an object key");
            }

            cursor.Pos++;
            cursor.SkipWhitespace();
            var valueStart = cursor.Pos;
            var value = ParseValue(path + JsonStore.KeyPath(key), valueStart, depth);
            tailStart = cursor.Pos;
            items.Add(new Pair(key, value)
            {
                Source = new JsonMemberSource(original, memberLead, keyStart, keyEnd, valueStart, cursor.Pos, key),
            });

            cursor.SkipWhitespace();
            var next = cursor.Peek();
            cursor.Pos++;
            if (next == (byte)',')
            {
                continue;
            }

            if (next == (byte)'}')
            {
                break;
            }

            cursor.Pos--;
            throw cursor.Error(cursor.AtEnd ? "json: unexpected end of input inside an object" : "json: expected ',' or '}' after an object member");
        }

        return new Mapping(items.ToImmutable())
        {
            Source = new JsonContainerSource(original, lead, start, cursor.Pos, firstItemStart, tailStart),
        };
    }

    private Node ParseArray(string path, int lead, int depth)
    {
        CheckDepth(depth);
        var start = cursor.Pos++;
        var items = ImmutableArray.CreateBuilder<Node>();
        var firstItemStart = -1;
        var tailStart = cursor.Pos;
        cursor.SkipWhitespace();
        if (cursor.Peek() == (byte)']')
        {
            cursor.Pos++;
            return new Sequence(items.ToImmutable())
            {
                Source = new JsonContainerSource(original, lead, start, cursor.Pos, firstItemStart, tailStart),
            };
        }

        while (true)
        {
            var elementLead = tailStart;
            cursor.SkipWhitespace();
            if (firstItemStart < 0)
            {
                firstItemStart = cursor.Pos;
            }

            items.Add(ParseValue(path + "[" + items.Count + "]", elementLead, depth));
            tailStart = cursor.Pos;
            cursor.SkipWhitespace();
            var next = cursor.Peek();
            cursor.Pos++;
            if (next == (byte)',')
            {
                continue;
            }

            if (next == (byte)']')
            {
                break;
            }

            cursor.Pos--;
            throw cursor.Error(cursor.AtEnd ? "json: unexpected end of input inside an array" : "json: expected ',' or ']' after an array element");
        }

        return new Sequence(items.ToImmutable())
        {
            Source = new JsonContainerSource(original, lead, start, cursor.Pos, firstItemStart, tailStart),
        };
    }

    private Scalar ParseStringValue(string path, int lead)
    {
        var start = cursor.Pos;
        var text = cursor.ReadString();

        // The writer re-renders a decrypted string with minimal escaping, so an original that spelled
        // it differently (\u00e9, \/) will not come back byte for byte; say so now, not silently later.
        var token = original.Bytes.AsSpan(start, cursor.Pos - start);
        if (!token.SequenceEqual(Encoding.UTF8.GetBytes(JsonRenderer.Quote(text))))
        {
            var (line, column) = original.Position(start);
            warnings.Add(new StoreWarning(line, column, path, "escaped string will be written back with minimal escaping"));
        }

        return new Scalar(ScalarKind.String, text)
        {
            Source = new JsonScalarSource(original, lead, start, cursor.Pos, ScalarKind.String, text),
        };
    }

    private Scalar ParseLiteral(string literal, ScalarKind kind, int lead)
    {
        var start = cursor.Pos;
        foreach (var c in literal)
        {
            if (cursor.Peek() != c)
            {
                throw cursor.Error("json: invalid literal where a value was expected");
            }

            cursor.Pos++;
        }

        var text = kind == ScalarKind.Null ? "" : literal;
        var scalar = kind == ScalarKind.Null ? Scalar.Null : new Scalar(kind, text);
        return scalar with { Source = new JsonScalarSource(original, lead, start, cursor.Pos, kind, text) };
    }


    private Scalar ParseNumber(int lead)
    {
        var start = cursor.Pos;
        var (text, integral) = cursor.ReadNumber();

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
            cursor.Pos = start;
            throw cursor.Error("json: number out of range for a 64-bit float");
        }

        return new Scalar(kind, text) { Source = new JsonScalarSource(original, lead, start, cursor.Pos, kind, text) };
    }

    private void CheckDepth(int depth)
    {
        if (depth > NestingLimit.MaxLevels)
        {
            throw cursor.Error(NestingLimit.Message("json"));
        }
    }
}
