using CsCheck;

namespace SopsNet.Tests.Properties;

/// <summary>
/// TOML source text: root keys, [tables], [dotted.tables] and [[arrays of tables]], dotted and quoted keys,
/// basic, literal and multi-line strings with escapes and line-ending backslashes, integers and floats in
/// every base and spelling, booleans, offset and local dates and times, arrays over one or several lines
/// (with comments and a trailing comma), inline tables, comments and blank lines.
/// </summary>
public static class TomlSourceGen
{
    public static Gen<string> Document { get; } = Gen.Select(
        Pairs(2),
        Gen.Select(Gen.OneOfConst("[{0}]", "[{0}.sub]", "[[{0}]]", "[ {0} ]"), Gen.OneOfConst("table", "pub", "db", "列"), Gen.Bool, Pairs(1),
            SourceText.CommentText, Gen.Int[0, 3],
            (header, name, quoted, pairs, comment, style) => (Func<int, string>)(i =>
                (style == 0 ? "\n" : "") +
                string.Format(System.Globalization.CultureInfo.InvariantCulture, header, quoted || !char.IsAscii(name[0]) ? $"\"{name}{i}\"" : name + i) +
                (style == 1 ? " #" + comment : "") + "\n" + pairs)).Array[0, 3],
        (root, tables) => root + string.Concat(tables.Select((t, i) => t(i))));

    private static Gen<string> Pairs(int depth) => Gen.Frequency(
            (6, Gen.Select(Key, Value(depth), TrailingComment, (key, value, comment) => (Func<int, string>)(i => $"{key(i)} = {value}{comment}\n"))),
            (2, SourceText.CommentText.Select(c => (Func<int, string>)(_ => "#" + c + "\n"))),
            (1, Gen.Const((Func<int, string>)(_ => "\n"))))
        .Array[0, 4]
        .Select(lines => string.Concat(lines.Select((l, i) => l(i))));

    // Bare keys are ASCII letters, digits, '_' and '-' only; others must be quoted.
    private static Gen<Func<int, string>> Key => Gen.Select(SourceText.KeyStem, SourceText.KeySuffix, Gen.Int[0, 5], (stem, suffix, style) =>
        (Func<int, string>)(i => (char.IsAscii(stem[0]) ? style : style % 2) switch
        {
            0 => $"\"{stem}{i}{suffix}\"",
            1 => $"'{stem}{i}{suffix}'",
            2 => $"dot{i}.{stem}{suffix}",
            _ => $"{stem}{i}{suffix}",
        }));

    private static Gen<string> TrailingComment => Gen.Frequency((5, Gen.Const("")), (1, SourceText.CommentText.Select(c => " #" + c)));

    private static Gen<string> Value(int depth)
    {
        var options = new List<(int, IGen<string>)>
        {
            (4, BasicString),
            (2, SourceText.QuotedText.Where(t => !t.Contains('\'', StringComparison.Ordinal)).Select(t => "'" + t + "'")),
            (1, Gen.Select(SourceText.Word, SourceText.QuotedText, Gen.Int[0, 2], (a, b, style) => style switch
            {
                0 => "\"\"\"\n" + a + "\n" + b.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"\"\"",
                1 => "'''" + a + "\n" + b + "'''",
                _ => "\"\"\"" + a + " \\\n    " + a + "\"\"\"",
            })),
            (3, Gen.OneOfConst("42", "-17", "+99", "0", "0x1F", "0o17", "0b101", "1_000", "3.14", "-0.0", "5e+22", "1E6", "inf", "-inf", "nan",
                "+nan", "1_000.5", "true", "false", "1979-05-27T07:32:00Z", "1979-05-27T00:32:00.999-07:00", "1979-05-27 07:32:00Z",
                "1979-05-27t07:32:00z", "1979-05-27T07:32:00", "1979-05-27", "07:32:00")),
        };
        if (depth > 0)
        {
            var item = Value(depth - 1);
            options.Add((2, Gen.Select(item.Array[0, 3], Gen.Bool, (items, tight) => "[" + string.Join(tight ? "," : ", ", items) + "]")));
            options.Add((1, Gen.Select(item.Array[1, 3], SourceText.CommentText, (items, comment) =>
                "[\n" + string.Concat(items.Select(v => "  " + v + ",\n")) + "  #" + comment + "\n]")));
            options.Add((1, item.Array[0, 3].Select(items => "{" + string.Join(", ", items.Select((v, i) => $"in{i} = {v}")) + "}")));
        }

        return Gen.Frequency([.. options]);
    }

    private static Gen<string> BasicString => Gen.Select(Gen.OneOf(SourceText.Word, SourceText.QuotedText, SourceText.Typed), Gen.Int[0, 9], (text, escape) =>
        "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\t", "\\t", StringComparison.Ordinal) + escape switch
            {
                0 => "\\n",
                1 => "\\u00E9",
                2 => "\\U0001D11E",
                3 => "\\r\\n",
                4 => "\\b\\f",
                _ => "",
            } + "\"");
}
