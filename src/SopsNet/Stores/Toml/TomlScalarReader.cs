using System.Globalization;
using SopsNet.Tree;
using SopsNet.Values;
using Tomlyn.Syntax;

namespace SopsNet.Stores.Toml;

/// <summary>
/// Turns a TOML value token into a scalar whose text Go's parser for its kind reads (sops decrypts it
/// that way). Spellings Go cannot read (hex, octal, binary, underscores, <c>+nan</c>, a space between date
/// and time) become the plain form of the same value; local dates and times, which RFC 3339 cannot hold,
/// stay strings. The store warns about each, since those tokens are written back differently.
/// </summary>
internal static class TomlScalarReader
{
    public static (Scalar Scalar, TomlScalarStyle Style, string OpeningBreak, string? Change) Read(ValueSyntax value, SyntaxToken token)
    {
        var text = token.Text ?? "";
        switch (value)
        {
            case StringValueSyntax s:
                var style = token.TokenKind switch
                {
                    TokenKind.StringLiteral => TomlScalarStyle.Literal,
                    TokenKind.StringMulti => TomlScalarStyle.MultiLineBasic,
                    TokenKind.StringLiteralMulti => TomlScalarStyle.MultiLineLiteral,
                    _ => TomlScalarStyle.Basic,
                };
                var multiLine = style is TomlScalarStyle.MultiLineBasic or TomlScalarStyle.MultiLineLiteral;
                var newline = !multiLine ? "" : text[3..].StartsWith("\r\n", StringComparison.Ordinal) ? "\r\n" : text[3..].StartsWith('\n') ? "\n" : "";
                return (Scalar.String(s.Value ?? ""), style, newline, null);
            case IntegerValueSyntax i:
                return token.TokenKind == TokenKind.Integer && !text.Contains('_') && GoFormat.TryParseInt(text, out _)
                    ? (new Scalar(ScalarKind.Int, text), TomlScalarStyle.Bare, "", null)
                    : (new Scalar(ScalarKind.Int, i.Value.ToString(CultureInfo.InvariantCulture)), TomlScalarStyle.Bare, "",
                        "a hexadecimal, octal, binary or underscored integer is written back in decimal");
            case FloatValueSyntax f:
                return !text.Contains('_') && GoFormat.TryParseFloat(text, out _)
                    ? (new Scalar(ScalarKind.Float, text), TomlScalarStyle.Bare, "", null)
                    : (new Scalar(ScalarKind.Float, GoFormat.FormatFloat(f.Value)), TomlScalarStyle.Bare, "",
                        "an underscored float or a signed nan is written back in its plain form");
            case BooleanValueSyntax b:
                return (new Scalar(ScalarKind.Bool, b.Value ? "true" : "false"), TomlScalarStyle.Bare, "", null);
            case DateTimeValueSyntax:
                return ReadDateTime(token.TokenKind, text);
            default:
                throw new InvalidOperationException("not a scalar value: " + value.GetType().Name);
        }
    }

    private static (Scalar, TomlScalarStyle, string, string?) ReadDateTime(TokenKind kind, string text)
    {
        if (kind is TokenKind.OffsetDateTimeByZ or TokenKind.OffsetDateTimeByNumber)
        {
            if (GoTime.TryParseRfc3339(text, out _))
            {
                return (new Scalar(ScalarKind.Time, text), TomlScalarStyle.Bare, "", null);
            }

            // TOML allows a space (or t) between date and time and a lower-case z; RFC 3339 as Go reads it does not.
            var normalized = string.Concat(text[..10], "T", text[11..].Replace('z', 'Z'));
            if (GoTime.TryParseRfc3339(normalized, out _))
            {
                return (new Scalar(ScalarKind.Time, normalized), TomlScalarStyle.Bare, "",
                    "a date-time with a space or lower-case separator is written back in RFC 3339 form");
            }
        }

        // Go's RFC 3339 parser needs an offset, so sops has no type for local dates and times.
        return (Scalar.String(text), TomlScalarStyle.Bare, "",
            "a local date or time has no offset: it is encrypted as a string and written back quoted");
    }
}
