using CsCheck;
using SopsNet.Selection;

namespace SopsNet.Tests.Properties;

/// <summary>
/// Pieces every format's generator shares: words for values, keys and comments that the selection rules
/// below can tell apart, line endings, a missing final newline, and the selection settings. Generators
/// build text with '\n' and <see cref="Finish"/> turns it into LF, CRLF or CR.
/// </summary>
public static class SourceText
{
    /// <summary>Value words a plain (unquoted) scalar can hold in any format: distinctive enough for the leak check.</summary>
    public static readonly Gen<string> Word = Gen.OneOfConst(
        "hunter2", "s3cr3t-Value", "Zoë-naïve", "snow☃man", "日本語テキスト", "clef𝄞x", "p@ssw0rd!", "correct-horse",
        "a/b/c.d", "user.name", "ab", "x", "überlang-geheimnis-0123456789", "Ωmega", "trailing...");

    /// <summary>Text for inside quotes: spaces, punctuation that would end or change an unquoted value.</summary>
    public static readonly Gen<string> QuotedText = Gen.OneOfConst(
        "hunter2 with space", "has: colon", "has #hash", "it's quoted", "say \"hi\" now", @"back\slash", "- dash first",
        "[bracket]", "{brace}", "*star", "&amp", "!bang", "%pct", "@at", "`tick", "", " leading space", "trailing space ",
        "comma, inside", "semi; colon", "equals=sign", "Zoë ☃ 日本 𝄞", "tab\there", "true", "42", "null", "~");

    /// <summary>
    /// Words that become other types when unquoted in YAML or TOML (some only in one of them). Spellings that
    /// cannot come back byte for byte (hex, underscores, dates, .inf, ...) are rarer: a file holding one is
    /// checked against its canonical form only.
    /// </summary>
    public static readonly Gen<string> Typed = Gen.Frequency(
        (4, Gen.OneOfConst("42", "-17", "0", "+12", "1.50", "-0.0", "1e3", "6.02e+23", "true", "yes", "no", "on", "null", "Null", "~",
            "2024-01-01T10:00:00Z", "2001-12-14 21:59:43.10 -5")),
        (1, Gen.OneOfConst("0x1F", "0o17", "0b101", "1_000", ".inf", "-.Inf", ".NaN", "False", "2024-01-01", "2001-12-14t21:59:43.10-05:00",
            "12:30:00")));

    /// <summary>Comment texts; "sops:nocrypt" and "sops:crypt" drive the comment-regex rules.</summary>
    public static readonly Gen<string> CommentText = Gen.OneOfConst(
        " a plain comment", "comment-without-space", " sops:nocrypt", " sops:crypt", " Zoë ☃ comment", "", " #double hash",
        " comment: with colon", " secret-ish comment 12345");

    /// <summary>Key stems the rules below select on; an index and a suffix are added by the generators.</summary>
    public static readonly Gen<string> KeyStem = Gen.OneOfConst("pw", "pub", "data", "name", "note", "列", "db");

    public static readonly Gen<string> KeySuffix = Gen.FrequencyConst((6, ""), (2, "_unencrypted"), (2, "_secret"));

    /// <summary>Every selection rule kind, with values that the generated keys and comments match some of the time.</summary>
    public static readonly Gen<(SelectionRule Rule, bool MacOnly)> Rule = Gen.Select(
        Gen.FrequencyConst(
            (4, SelectionRule.Default),
            (1, SelectionRule.FromMetadataKey("encrypted_suffix", "_secret")),
            (1, SelectionRule.FromMetadataKey("unencrypted_regex", "^pub")),
            (1, SelectionRule.FromMetadataKey("encrypted_regex", "^(pw|data)")),
            (1, SelectionRule.FromMetadataKey("unencrypted_comment_regex", "sops:nocrypt")),
            (1, SelectionRule.FromMetadataKey("encrypted_comment_regex", "sops:crypt"))),
        Gen.Int[0, 4].Select(i => i == 0));

    public static Gen<RoundTripCase> Cases(string format, Gen<string> lfText, bool allowCr = true) =>
        Gen.Select(Finish(lfText, allowCr), Rule, (text, rule) => new RoundTripCase(format, text, rule.Rule, rule.MacOnly));

    /// <summary>LF, CRLF or CR line ends, and now and then no final newline.</summary>
    public static Gen<string> Finish(Gen<string> lfText, bool allowCr = true) => Gen.Select(
        lfText,
        allowCr ? Gen.FrequencyConst((6, "\n"), (3, "\r\n"), (1, "\r")) : Gen.FrequencyConst((6, "\n"), (3, "\r\n")),
        Gen.Int[0, 3].Select(i => i == 0),
        (text, newline, dropFinal) =>
        {
            if (dropFinal && text.EndsWith('\n'))
            {
                text = text[..^1];
            }

            return newline == "\n" ? text : text.Replace("\n", newline, StringComparison.Ordinal);
        });

    public static string Indent(int n) => new(' ', n);
}
