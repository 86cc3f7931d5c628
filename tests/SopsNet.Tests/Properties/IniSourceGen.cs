using CsCheck;

namespace SopsNet.Tests.Properties;

/// <summary>
/// INI source text as go-ini (and so sops) reads it: keys before the first section, [sections], '=' or ':'
/// with any spacing, values plain, "quoted", 'quoted', `raw`, """multi-line""" or continued with a
/// trailing backslash, empty values, ';' and '#' comments on their own line or after a value, blank lines.
/// </summary>
public static class IniSourceGen
{
    public static Gen<string> Document { get; } = Gen.Select(
        Keys.Array[0, 1],
        Gen.Select(Gen.OneOfConst("section", "db", "pub", "Zoë", "a b", "sec.sub"), Keys, SourceText.CommentText, Gen.Int[0, 3],
            (name, keys, comment, style) => (Func<int, string>)(i =>
                (style == 0 ? ";" + comment + "\n" : "") + $"[{name}{i}]" + (style == 1 ? "\n\n" : "\n") + keys)).Array[0, 3],
        (defaults, sections) => string.Concat(defaults) + string.Concat(sections.Select((s, i) => s(i))));

    private static Gen<string> Keys => Gen.Frequency(
            (6, Gen.Select(SourceText.KeyStem, SourceText.KeySuffix, Gen.OneOfConst(" = ", "=", ": ", " =", "= ", "  =  "), Value, InlineComment,
                (stem, suffix, separator, value, comment) => (Func<int, string>)(i => $"{stem}{i}{suffix}{separator}{value}{comment}\n"))),
            (2, Gen.Select(Gen.OneOfConst(";", "#", ";;", "# "), SourceText.CommentText, (marker, c) => (Func<int, string>)(_ => marker + c + "\n"))),
            (1, Gen.Const((Func<int, string>)(_ => "\n"))))
        .Array[0, 4]
        .Select(lines => string.Concat(lines.Select((l, i) => l(i))));

    private static Gen<string> InlineComment => Gen.Frequency(
        (5, Gen.Const("")),
        (1, SourceText.CommentText.Select(c => " ;" + c)),
        (1, SourceText.CommentText.Select(c => " #" + c)));

    private static Gen<string> Value => Gen.Frequency(
        (5, SourceText.Word),
        (2, SourceText.Typed),
        (1, Gen.Const("")),
        (2, SourceText.QuotedText.Where(t => !t.Contains('"', StringComparison.Ordinal)).Select(t => "\"" + t + "\"")),
        (1, SourceText.QuotedText.Where(t => !t.Contains('\'', StringComparison.Ordinal)).Select(t => "'" + t + "'")),
        (1, SourceText.QuotedText.Where(t => !t.Contains('`', StringComparison.Ordinal)).Select(t => "`" + t + "`")),
        (1, Gen.Select(SourceText.Word, SourceText.Word, (a, b) => "\"\"\"" + a + "\n" + b + "\"\"\"")),
        (1, Gen.Select(SourceText.Word, SourceText.Word, (a, b) => a + " \\\n  " + b)));
}
