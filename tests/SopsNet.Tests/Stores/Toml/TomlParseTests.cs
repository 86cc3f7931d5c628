using System.Text;
using SopsNet.Stores;
using SopsNet.Stores.Toml;
using SopsNet.Tests.Support;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Toml;

public sealed class TomlParseTests
{
    private static StoreDocument Parse(string text) => new TomlStore().Parse(Encoding.UTF8.GetBytes(text));

    private static Scalar Plain(Node? node) => ((Scalar)node!) with { Source = null };

    [Fact]
    public void LeafValuesGetTheKindsGoReadsThemAs()
    {
        var doc = Parse(TomlCorpus.Files["numbers-bools"] + TomlCorpus.Files["dates"]).Documents[0];

        Assert.Equal(new Scalar(ScalarKind.Int, "+99"), Plain(doc["int1"]));
        Assert.Equal(new Scalar(ScalarKind.Int, "-9223372036854775808"), Plain(doc["small"]));
        Assert.Equal(new Scalar(ScalarKind.Float, "5e+22"), Plain(doc["flt4"]));
        Assert.Equal(new Scalar(ScalarKind.Float, "-0.0"), Plain(doc["flt9"]));
        Assert.Equal(new Scalar(ScalarKind.Float, "-inf"), Plain(doc["sf3"]));
        Assert.Equal(new Scalar(ScalarKind.Float, "nan"), Plain(doc["sf4"]));
        Assert.Equal(new Scalar(ScalarKind.Bool, "true"), Plain(doc["yes"]));
        Assert.Equal(new Scalar(ScalarKind.Time, "1979-05-27T00:32:00.999999-07:00"), Plain(doc["odt3"]));
    }

    [Fact]
    public void TablesDottedKeysAndArraysOfTablesNestInDocumentOrder()
    {
        var doc = Parse(TomlCorpus.Files["tables-and-dotted"] + "\n" + TomlCorpus.Files["array-of-tables"]).Documents[0];

        Assert.Equal(["title", "site", "a", "server", "quoted key", "x", "products", "fruits"], doc.Pairs.Select(p => p.Key));
        Assert.Equal(Scalar.String("deep"), Plain(((Mapping)((Mapping)doc["a"]!)["b"]!)["c"]));
        Assert.Equal(["y", "late"], ((Mapping)doc["x"]!).Pairs.Select(p => p.Key));
        var products = Assert.IsType<Sequence>(doc["products"]);
        Assert.Equal(3, products.Items.Length);
        var fruits = Assert.IsType<Sequence>(doc["fruits"]);
        var apple = Assert.IsType<Mapping>(fruits.Items[0]);
        Assert.Equal(["name", "physical", "varieties"], apple.Pairs.Select(p => p.Key));
        Assert.Equal(2, Assert.IsType<Sequence>(apple["varieties"]).Items.Length);
        Assert.Single(Assert.IsType<Sequence>(((Mapping)fruits.Items[1])["varieties"]).Items);
    }

    [Fact]
    public void CommentsLandInTheTableArrayOrInlineTableThatHoldsThem()
    {
        var doc = Parse(TomlCorpus.Files["comments-everywhere"]).Documents[0];

        Assert.Equal(
            "{# top, # indented top, key: \"v\", # after value, # between, other: 1, t: {# on header, # inside t, a: [# after bracket, 1, # after item, # own line in array, 2], # after array, # end of t, # last line}}",
            Compact(doc));
    }

    [Fact]
    public void ArraysAndInlineTablesBecomeSequencesAndMappings()
    {
        var doc = Parse(TomlCorpus.Files["inline-tables"] + TomlCorpus.Files["mixed-arrays"].Replace("empty", "empty2", StringComparison.Ordinal)).Documents[0];

        Assert.Equal("{a: {b: [1, {c: \"d\"}]}, e: {f: \"dotted in inline\"}}", Compact(doc["nested"]!));
        Assert.Equal("[0.1, 0.2, 0.5, 1, 2, 5, true, 1979-05-27T07:32:00Z, \"s\"]", Compact(doc["mixed"]!));
        Assert.Equal("{}", Compact(doc["empty"]!));
        Assert.Equal("[]", Compact(doc["empty2"]!));
    }

    public static TheoryData<string, int, int, string, string> Respelled() => new()
    {
        { "n = 0x1F\n", 1, 5, "[\"n\"]", "decimal" },
        { "a = 1\nn = 1_000\n", 2, 5, "[\"n\"]", "decimal" },
        { "[t]\nf = 224_617.445\n", 2, 5, "[\"t\"][\"f\"]", "plain form" },
        { "f = [1.0, +nan]\n", 1, 11, "[\"f\"][1]", "plain form" },
        { "d = 1979-05-27\n", 1, 5, "[\"d\"]", "local date" },
        { "d = 07:32:00\n", 1, 5, "[\"d\"]", "local date" },
        { "d = 1979-05-27 07:32:00Z\n", 1, 5, "[\"d\"]", "RFC 3339" },
    };

    [Theory]
    [MemberData(nameof(Respelled))]
    public void ValuesWrittenBackDifferentlyAreWarnedAboutWithoutTheirValue(string text, int line, int column, string path, string words)
    {
        var parsed = Parse(text);

        var warning = Assert.Single(parsed.Warnings);
        Assert.Equal((line, column, path), (warning.Line, warning.Column, warning.Path));
        Assert.Contains(words, warning.Message, StringComparison.Ordinal);
        Assert.StartsWith("toml: ", warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NonGoSpellingsBecomeThePlainFormOfTheSameValue()
    {
        var doc = Parse("h = 0xDEAD_beef\no = 0o755\nb = 0b1101\nu = 1_000\nf = 1_000.5\nn = -nan\nd = 1979-05-27 07:32:00z\nl = 1979-05-27T07:32:00\n").Documents[0];

        Assert.Equal(new Scalar(ScalarKind.Int, "3735928559"), Plain(doc["h"]));
        Assert.Equal(new Scalar(ScalarKind.Int, "493"), Plain(doc["o"]));
        Assert.Equal(new Scalar(ScalarKind.Int, "13"), Plain(doc["b"]));
        Assert.Equal(new Scalar(ScalarKind.Int, "1000"), Plain(doc["u"]));
        Assert.Equal(new Scalar(ScalarKind.Float, "1000.5"), Plain(doc["f"]));
        Assert.Equal(new Scalar(ScalarKind.Float, "NaN"), Plain(doc["n"]));
        Assert.Equal(new Scalar(ScalarKind.Time, "1979-05-27T07:32:00Z"), Plain(doc["d"]));
        Assert.Equal(Scalar.String("1979-05-27T07:32:00"), Plain(doc["l"]));
    }

    [Fact]
    public void StringsWhoseEscapesAreRespelledAreWarnedAbout()
    {
        var parsed = Parse("s = \"caf\\u00E9\"\nok = \"tab\\t \\\"q\\\" \\\\\"\nml = \"\"\"\\\n  folded\"\"\"\n");

        Assert.Equal(["[\"s\"]", "[\"ml\"]"], parsed.Warnings.Select(w => w.Path));
    }

    private static string Compact(Node node) => node switch
    {
        Mapping m => "{" + string.Join(", ", m.Items.Select(Compact)) + "}",
        Sequence s => "[" + string.Join(", ", s.Items.Select(Compact)) + "]",
        Pair p => p.Key + ": " + Compact(p.Value),
        Comment c => "#" + c.Text,
        Scalar { Kind: ScalarKind.String } s => "\"" + s.Text + "\"",
        Scalar s => s.Text,
        _ => "?",
    };
}
