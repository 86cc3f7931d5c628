using CsCheck;

namespace SopsNet.Tests.Properties;

/// <summary>
/// JSON source text: nested objects and arrays laid out with tabs, spaces or on one line, strings with
/// every kind of escape, numbers in several spellings, true/false/null, empty containers, surrounding
/// whitespace and now and then a byte order mark or a top-level value that is not an object.
/// </summary>
public static class JsonSourceGen
{
    private const int MaxDepth = 3;

    public static Gen<string> Document { get; } = Gen.Select(
        Gen.OneOfConst("\t", "  ", "    ", ""),
        Gen.Frequency((20, Gen.Const(0)), (1, Gen.Const(1))),
        Gen.OneOfConst("", "\n", "  \n\n"),
        Gen.Int[0, 9],
        (unit, notObject, trailing, bom) => (unit, notObject, trailing, bom))
        .SelectMany(x => (x.notObject == 1 ? Value(x.unit, 0, 1) : Object(x.unit, 0, MaxDepth))
            .Select(body => (x.bom == 0 ? "\uFEFF" : "") + body + x.trailing));

    private static Gen<string> Value(string unit, int level, int depth)
    {
        var options = new List<(int, IGen<string>)>
        {
            (5, JsonString),
            (2, Gen.OneOfConst("42", "-17", "0", "1.50", "-0.0", "1e3", "6.02E+23", "-0", "1.0", "12345678901234567890", "0.1", "1E-7")),
            (1, Gen.OneOfConst("true", "false", "null")),
        };
        if (depth > 0)
        {
            options.Add((2, Object(unit, level, depth - 1)));
            options.Add((1, Array(unit, level, depth - 1)));
        }

        return Gen.Frequency([.. options]);
    }

    private static Gen<string> JsonString => Gen.Select(
        Gen.OneOf(SourceText.Word, SourceText.QuotedText, SourceText.Typed),
        Gen.Int[0, 11],
        (text, escape) => "\"" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)
            .Replace("\t", "\\t", StringComparison.Ordinal) + escape switch
            {
                0 => "\\n",
                1 => "\\u00e9",
                2 => "\\/",
                3 => "\\ud834\\udd1e",
                4 => "\\r\\n",
                5 => "\\u0000",
                6 => "\\\"",
                _ => "",
            } + "\"");

    private static Gen<string> Object(string unit, int level, int depth) => Gen.Select(
        SourceText.KeyStem, SourceText.KeySuffix, Value(unit, level + 1, depth),
        (stem, suffix, value) => (Func<int, string>)(i => $"\"{stem}{i}{suffix}\":{(unit.Length == 0 ? "" : " ")}{value}"))
        .Array[0, 4]
        .Select(members => Container('{', '}', unit, level, members.Select((m, i) => m(i)).ToArray()));

    private static Gen<string> Array(string unit, int level, int depth) =>
        Value(unit, level + 1, depth).Array[0, 3].Select(items => Container('[', ']', unit, level, items));

    private static string Container(char open, char close, string unit, int level, string[] items)
    {
        if (items.Length == 0)
        {
            return $"{open}{close}";
        }

        if (unit.Length == 0)
        {
            return open + string.Join(", ", items) + close;
        }

        var inner = "\n" + string.Concat(Enumerable.Repeat(unit, level + 1));
        return open + inner + string.Join("," + inner, items) + "\n" + string.Concat(Enumerable.Repeat(unit, level)) + close;
    }
}
