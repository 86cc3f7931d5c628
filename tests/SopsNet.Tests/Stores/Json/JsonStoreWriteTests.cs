using System.Text;
using SopsNet.Stores;
using SopsNet.Stores.Json;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Json;

/// <summary>Fresh layout and how decrypted values are rendered.</summary>
public sealed class JsonStoreWriteTests
{
    private const string Sample = "{\"a\":1,\"b\":[true,null,{\"c\":\"d\"},[]],\"e\":{},\"f\":{\"g\":-1.5e3}}";

    [Fact]
    public void FreshWriteUsesSopsLayoutWithTabs()
    {
        var store = new JsonStore();

        var written = store.Write(store.Parse(Encoding.UTF8.GetBytes(Sample)).Documents, null, null);

        Assert.Equal(
            "{\n\t\"a\": 1,\n\t\"b\": [\n\t\ttrue,\n\t\tnull,\n\t\t{\n\t\t\t\"c\": \"d\"\n\t\t},\n\t\t[]\n\t],\n\t\"e\": {},\n" +
            "\t\"f\": {\n\t\t\"g\": -1.5e3\n\t}\n}\n",
            Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void IndentZeroStillPutsEveryElementOnItsOwnLine()
    {
        var store = new JsonStore(0);

        var written = store.Write(store.Parse(Encoding.UTF8.GetBytes(Sample)).Documents, null, null);

        Assert.Equal(
            "{\n\"a\": 1,\n\"b\": [\ntrue,\nnull,\n{\n\"c\": \"d\"\n},\n[]\n],\n\"e\": {},\n\"f\": {\n\"g\": -1.5e3\n}\n}\n",
            Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void IndentTwoUsesTwoSpaces()
    {
        var store = new JsonStore(2);
        var doc = new Mapping([new Pair("a", new Sequence([new Scalar(ScalarKind.Int, "1")]))]);

        var written = store.Write([doc], new Mapping([new Pair("version", Scalar.String("3.13.2"))]), null);

        Assert.Equal("{\n  \"a\": [\n    1\n  ],\n  \"sops\": {\n    \"version\": \"3.13.2\"\n  }\n}\n", Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void EmptyTreeIsWrittenAsAnEmptyObject()
    {
        Assert.Equal("{}\n", Encoding.UTF8.GetString(new JsonStore().Write([Mapping.Empty], null, null)));
    }

    [Theory]
    [InlineData(ScalarKind.Float, "1234568000", "1234568000")]
    [InlineData(ScalarKind.Float, "34", "34")]
    [InlineData(ScalarKind.Float, "1.50", "1.50")]
    [InlineData(ScalarKind.Float, "1e3", "1e3")]
    [InlineData(ScalarKind.Float, "+1.5", "1.5")]
    [InlineData(ScalarKind.Float, ".5", "0.5")]
    [InlineData(ScalarKind.Int, "-0", "-0")]
    [InlineData(ScalarKind.Int, "+5", "5")]
    [InlineData(ScalarKind.Int, "007", "7")]
    [InlineData(ScalarKind.Bool, "True", "true")]
    [InlineData(ScalarKind.Bool, "F", "false")]
    [InlineData(ScalarKind.Bool, "1", "true")]
    [InlineData(ScalarKind.Null, "", "null")]
    [InlineData(ScalarKind.Time, "2024-01-01T00:00:00Z", "\"2024-01-01T00:00:00Z\"")]
    [InlineData(ScalarKind.String, "a\"b\\c\nd\u0001\u007f<&>", "\"a\\\"b\\\\c\\nd\\u0001\u007f<&>\"")]
    public void DecryptedValuesAreRenderedAsJson(ScalarKind kind, string text, string json)
    {
        var store = new JsonStore();
        var parsed = store.Parse("{\"x\": \"ENC[…]\"}"u8.ToArray());
        var pair = (Pair)parsed.Documents[0].Items[0];
        var doc = parsed.Documents[0] with { Items = [pair with { Value = ((Scalar)pair.Value) with { Kind = kind, Text = text } }] };

        var written = Encoding.UTF8.GetString(store.Write([doc], null, parsed));

        Assert.Equal("{\"x\": " + json + "}", written);
    }

    [Theory]
    [InlineData(ScalarKind.Float, "+Inf")]
    [InlineData(ScalarKind.Float, "-Inf")]
    [InlineData(ScalarKind.Float, "NaN")]
    [InlineData(ScalarKind.Float, "abc")]
    [InlineData(ScalarKind.Int, "1.5")]
    [InlineData(ScalarKind.Bool, "yes")]
    public void ValuesJsonCannotHoldAreRefusedWithTheirPath(ScalarKind kind, string text)
    {
        var store = new JsonStore();
        var doc = new Mapping([new Pair("a", new Sequence([Scalar.String("ok"), new Scalar(kind, text)]))]);

        var e = Assert.Throws<StoreException>(() => store.Write([doc], null, null));

        Assert.Equal("[\"a\"][1]", e.TreePath);
        Assert.Contains("[\"a\"][1]", e.Message);
        Assert.DoesNotContain(text, e.Message.Replace("[\"a\"][1]", ""));
    }

    [Fact]
    public void CommentsAreDroppedBecauseJsonHasNone()
    {
        var doc = new Mapping([new Comment(" note"), new Pair("a", new Sequence([new Comment("x"), Scalar.String("b")]))]);

        var written = new JsonStore().Write([doc], null, null);

        Assert.Equal("{\n\t\"a\": [\n\t\t\"b\"\n\t]\n}\n", Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void AWriteWithoutSourcesIgnoresTheOriginal()
    {
        var store = new JsonStore();
        var parsed = store.Parse("{\"a\": 1}"u8.ToArray());

        var written = store.Write([new Mapping([new Pair("b", Scalar.String("c"))])], null, parsed);

        Assert.Equal("{\n\t\"b\": \"c\"\n}\n", Encoding.UTF8.GetString(written));
    }
}
