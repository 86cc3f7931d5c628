using SopsNet.Crypto;
using SopsNet.Tree;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// Writes a (new) value into an existing scalar token, keeping the token's style when the value
/// allows it, and predicts at parse time which strings will not come back byte for byte.
/// </summary>
internal static class YamlScalarRenderer
{
    public static bool SameValue(Scalar a, Scalar b) =>
        a.Kind == b.Kind && a.Text == b.Text && (a.Raw is null ? b.Raw is null : b.Raw is not null && a.Raw.AsSpan().SequenceEqual(b.Raw));

    /// <summary>
    /// True for an envelope written by the cipher (single line, so it fits any style). Its full prefix, not
    /// "ENC[" alone: a plaintext such as "ENC[" in a block scalar was taken for one and kept its header,
    /// whose chomping then added a line break to the value (found by fuzzing).
    /// </summary>
    public static bool IsEnvelope(Scalar value) =>
        value.Kind == ScalarKind.String && EncryptedValue.LooksEncrypted(value.Text) && YamlScalarSyntax.IsSingleLine(value.Text);

    /// <summary>How <paramref name="value"/> is spelled in a token of <paramref name="style"/>.</summary>
    /// <param name="value">The scalar to spell.</param>
    /// <param name="style">The token style it is written in.</param>
    /// <param name="inFlow">The token is inside a flow collection.</param>
    /// <param name="tagged">The token carries a tag.</param>
    /// <param name="header">A block token's original header, or null.</param>
    /// <param name="indicator">
    /// The indentation indicator a block token's position implies (its content column minus its owner's),
    /// given to a value that starts with a space when the header has none; 0 when there is none.
    /// </param>
    public static YamlRendered Render(Scalar value, YamlScalarStyle style, bool inFlow, bool tagged, string? header, int indicator = 0)
    {
        if (value.Kind != ScalarKind.String)
        {
            return YamlRendered.Inline(YamlScalarStyle.Plain, YamlScalarSyntax.NonString(value));
        }

        var v = value.Text;
        if (IsEnvelope(value) && header is not null && !inFlow && style is YamlScalarStyle.Literal or YamlScalarStyle.Folded)
        {
            // The envelope is the only line of a strip-chomping block of the same kind, so every reader
            // reads exactly "ENC[...]" (npm sops-age anchors its envelope pattern at both ends; sops's Go
            // regexp only at the start). The original header stays out of the file: its chomping would
            // tell how many line breaks end the secret, its indentation indicator that it starts with a
            // space. Decrypting derives both from the value (Literal, below).
            return YamlRendered.Block(style, EnvelopeHeader(style), [v]);
        }

        switch (style)
        {
            case YamlScalarStyle.Plain:
                if (YamlScalarSyntax.CanBePlain(v, inFlow, tagged))
                {
                    return YamlRendered.Inline(YamlScalarStyle.Plain, v);
                }

                if (inFlow)
                {
                    return YamlRendered.Inline(YamlScalarStyle.DoubleQuoted, YamlScalarSyntax.DoubleQuote(v));
                }

                if (YamlScalarSyntax.CanBeSingleQuoted(v))
                {
                    return YamlRendered.Inline(YamlScalarStyle.SingleQuoted, YamlScalarSyntax.SingleQuote(v));
                }

                return Literal(v, "|", inFlow, 0);
            case YamlScalarStyle.SingleQuoted:
                return YamlScalarSyntax.CanBeSingleQuoted(v)
                    ? YamlRendered.Inline(YamlScalarStyle.SingleQuoted, YamlScalarSyntax.SingleQuote(v))
                    : Literal(v, "|", inFlow, 0);
            case YamlScalarStyle.Literal:
                return Literal(v, header ?? "|", inFlow, indicator);
            case YamlScalarStyle.Folded:
                if (!v.TrimEnd('\n').Contains('\n') && YamlScalarSyntax.CanBeLiteral(v, inFlow) &&
                    !v.TrimEnd('\n').EndsWith(' ') && !v.Contains('\t'))
                {
                    var (chomp, lines) = YamlScalarSyntax.LiteralLines(v);
                    return YamlRendered.Block(YamlScalarStyle.Folded, WithChomp(header ?? ">", chomp), lines);
                }

                return Literal(v, "|" + (header ?? ">")[1..], inFlow, indicator);
            default:
                return YamlRendered.Inline(YamlScalarStyle.DoubleQuoted, YamlScalarSyntax.DoubleQuote(v));
        }
    }

    /// <summary>The header of an envelope written over a block scalar: strip chomping, no indentation indicator.</summary>
    public static string EnvelopeHeader(YamlScalarStyle style) => style == YamlScalarStyle.Folded ? ">-" : "|-";

    /// <summary>The indentation indicator a block token's position implies; 0 for other tokens or one out of range.</summary>
    public static int Indicator(YamlScalarSource src) =>
        src.IsBlock && src.ContentIndent - src.OwnerIndent is var n and >= 1 and <= 9 ? n : 0;

    private static YamlRendered Literal(string v, string header, bool inFlow, int indicator)
    {
        if (!header.Any(char.IsAsciiDigit) && indicator > 0 && v.TrimStart('\n').StartsWith(' '))
        {
            // A value that starts with a space needs an indicator, which an envelope's header never has.
            header = header[..1] + indicator + header[1..];
        }

        if (!YamlScalarSyntax.CanBeLiteral(v, inFlow, header.Any(char.IsAsciiDigit)))
        {
            return YamlRendered.Inline(YamlScalarStyle.DoubleQuoted, YamlScalarSyntax.DoubleQuote(v));
        }

        var (chomp, lines) = YamlScalarSyntax.LiteralLines(v);
        return YamlRendered.Block(YamlScalarStyle.Literal, WithChomp("|" + header[1..], chomp), lines);
    }

    /// <summary>Replaces the chomping indicator of a block header, keeping an indentation indicator.</summary>
    private static string WithChomp(string header, string chomp) =>
        header[0] + header[1..].Replace("+", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal) + chomp;

    /// <summary>Adds to <paramref name="edits"/> the edits that write <paramref name="value"/> over the token of <paramref name="src"/>.</summary>
    public static void AddEdits(Scalar value, YamlScalarSource src, int indent, string newline, List<YamlEdit> edits)
    {
        var text = src.File.Text;
        var dropTag = src.Tag is not null && src.Tag.StartsWith(GoYamlResolver.TagPrefix, StringComparison.Ordinal) &&
                      src.Tag != GoYamlResolver.TagPrefix + "str";
        var tagged = src.Tag is not null && !dropTag && src.Tag != "!";
        if (dropTag && src.TagStart >= 0)
        {
            // A typed tag (!!int, !!binary...) cannot stay on an envelope or a re-spelled value.
            edits.Add(new YamlEdit(src.TagStart, src.TagEnd, ""));
        }

        var header = src.IsBlock ? text[src.Start..src.HeaderEnd] : null;
        var r = Render(value, src.Style, src.InFlow, tagged, header, Indicator(src));
        if (src.IsBlock)
        {
            if (r.IsBlock)
            {
                edits.Add(new YamlEdit(src.Start, src.HeaderEnd, r.Header));
                edits.Add(new YamlEdit(src.BodyStart, src.BodyEnd, BlockBody(r, src, text, newline)));
            }
            else
            {
                edits.Add(new YamlEdit(src.Start, src.HeaderEnd, r.Token));
                edits.Add(new YamlEdit(src.BodyStart, src.BodyEnd, ""));
            }

            return;
        }

        if (!r.IsBlock)
        {
            edits.Add(new YamlEdit(src.Start, src.End, r.Token));
            return;
        }

        // An inline token becomes a block scalar: the header replaces the token, and the content goes
        // after the rest of the line (which may hold an inline comment).
        edits.Add(new YamlEdit(src.Start, src.End, r.Header));
        var lineEnd = YamlText.LineEnd(text, src.End);
        var body = newline + r.Body(src.OwnerIndent + indent, newline);
        if (lineEnd == text.Length && value.Text.EndsWith('\n'))
        {
            body += newline;
        }

        edits.Add(new YamlEdit(lineEnd, lineEnd, body));
    }

    private static string BlockBody(YamlRendered r, YamlScalarSource src, string text, string newline)
    {
        var body = r.Body(src.ContentIndent, newline);
        if (r.Lines.Length == 0)
        {
            return "";
        }

        if (src.BodyStart == text.Length && !YamlText.AfterBreak(text, src.BodyStart))
        {
            // The header is the last line and has no line break.
            return newline + body;
        }

        var endsWithBreak = src.BodyEnd > src.BodyStart ? YamlText.IsBreak(text[src.BodyEnd - 1]) : src.BodyEnd < text.Length || YamlText.AfterBreak(text, text.Length);
        return endsWithBreak ? body + newline : body;
    }

    /// <summary>
    /// Why a string parsed from <paramref name="src"/> would not come back byte for byte after an
    /// encrypt/decrypt round (its envelope takes the token's style, flow context forces quotes, and
    /// decryption re-spells the value in that style), or null when it would. Never includes the value.
    /// </summary>
    public static string? RoundTripProblem(Scalar value, YamlScalarSource src)
    {
        var text = src.File.Text;
        var envelopeStyle = src.InFlow && src.Style != YamlScalarStyle.SingleQuoted ? YamlScalarStyle.DoubleQuoted : src.Style;
        if (envelopeStyle == YamlScalarStyle.DoubleQuoted && !src.IsBlock &&
            YamlScalarSyntax.IsDoubleQuoteOf(text.AsSpan(src.Start, src.End - src.Start), value.Text))
        {
            // Speed: the token already is the value double-quoted without escapes (every envelope of
            // an encrypted file is), so rendering it again to compare is not needed.
            return null;
        }

        var tagged = src.Tag is not null && src.Tag != "!";
        var header = src.IsBlock ? text[src.Start..src.HeaderEnd] : null;

        // Decrypting writes the value into the envelope's block, whose header says nothing of the original's.
        var r = Render(value, envelopeStyle, src.InFlow, tagged, src.IsBlock ? EnvelopeHeader(src.Style) : null, Indicator(src));
        bool same;
        if (src.IsBlock)
        {
            same = r.IsBlock && r.Header == header &&
                   text.AsSpan(src.BodyStart, src.BodyEnd - src.BodyStart).SequenceEqual(BlockBody(r, src, text, src.File.Newline));
        }
        else
        {
            // Speed: compared in place, as this runs for every string in the file.
            same = !r.IsBlock && text.AsSpan(src.Start, src.End - src.Start).SequenceEqual(r.Token);
        }

        if (same)
        {
            return null;
        }

        var from = Describe(src.Style) + (src.InFlow ? " in a flow collection" : "");
        var to = Describe(r.Style);
        return r.Style == src.Style
            ? $"{from} will be written back in a different layout"
            : $"{from} will be written back as a {to}";
    }

    private static string Describe(YamlScalarStyle style) => style switch
    {
        YamlScalarStyle.Plain => "plain scalar",
        YamlScalarStyle.SingleQuoted => "single-quoted scalar",
        YamlScalarStyle.DoubleQuoted => "double-quoted scalar",
        YamlScalarStyle.Literal => "literal block scalar",
        _ => "folded block scalar",
    };
}
