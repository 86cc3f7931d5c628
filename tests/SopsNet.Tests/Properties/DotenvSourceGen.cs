using CsCheck;

namespace SopsNet.Tests.Properties;

/// <summary>
/// dotenv source text as sops reads it: KEY=VALUE lines whose value is taken verbatim (quotes, spaces,
/// '=' and '#' included, "\n" as an escaped newline, empty values), '#' comment lines, blank lines.
/// </summary>
public static class DotenvSourceGen
{
    public static Gen<string> Document { get; } = Gen.Frequency(
            (6, Gen.Select(SourceText.KeyStem, SourceText.KeySuffix, Value, (stem, suffix, value) => (Func<int, string>)(i => $"{stem.ToUpperInvariant()}{i}{suffix}={value}\n"))),
            (2, SourceText.CommentText.Select(c => (Func<int, string>)(_ => "#" + c + "\n"))),
            (1, Gen.Const((Func<int, string>)(_ => "\n"))),
            (1, Gen.OneOfConst("export ", "lower.case-", " spaced ").Select(p => (Func<int, string>)(i => $"{p}key{i} = v{i}\n"))))
        .Array[0, 6]
        .Select(lines => string.Concat(lines.Select((l, i) => l(i))));

    private static Gen<string> Value => Gen.Frequency(
        (4, SourceText.Word),
        (3, SourceText.QuotedText),
        (1, SourceText.QuotedText.Select(t => "\"" + t + "\"")),
        (1, SourceText.QuotedText.Select(t => "'" + t + "'")),
        (1, Gen.Select(SourceText.Word, SourceText.Word, (a, b) => a + "\\n" + b)),
        (1, Gen.OneOfConst("", "=", "a=b=c", "#not-a-comment", "trailing\\n", "\\\\n")));
}
