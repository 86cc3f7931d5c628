using System.Text;
using SopsNet.Stores;
using SopsNet.Stores.Json;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Json;

public sealed class JsonStoreErrorTests
{
    [Theory]
    [InlineData("[1, 2]", 1, 1, "top level must be an object")]
    [InlineData("\n  \"text\"", 2, 3, "top level must be an object")]
    [InlineData("42", 1, 1, "top level must be an object")]
    [InlineData("{\"a\": 1} x", 1, 10, "unexpected content after the top-level object")]
    [InlineData("{\"a\": 1}{}", 1, 9, "unexpected content after the top-level object")]
    [InlineData("{\n  \"a\": \"b", 2, 8, "unterminated string")]
    [InlineData("{\"a\": 1,}", 1, 9, "expected a string key")]
    [InlineData("{\"a\" 1}", 1, 6, "expected ':'")]
    [InlineData("{\"a\": 01}", 1, 8, "expected ',' or '}'")]
    [InlineData("{\"a\": [1 2]}", 1, 10, "expected ',' or ']'")]
    [InlineData("{\"a\": 1.}", 1, 9, "invalid number")]
    [InlineData("{\"a\": 1e999}", 1, 7, "out of range")]
    [InlineData("{\"a\": tru}", 1, 10, "invalid literal")]
    [InlineData("{\"a\": 'x'}", 1, 7, "invalid character")]
    [InlineData("{\"a\": \"\\x\"}", 1, 8, "invalid escape")]
    [InlineData("{\"a\": \"\\u12G4\"}", 1, 12, "invalid \\u escape")]
    [InlineData("{\"a\": \"tab\there\"}", 1, 11, "control character")]
    [InlineData("{\"a\": 1", 1, 8, "unexpected end of input")]
    [InlineData("", 1, 1, "empty")]
    [InlineData("   \n", 2, 1, "empty")]
    [InlineData("{\"sops\": \"x\"}", 1, 10, "sops member must be an object")]
    [InlineData("{\"sops\": {}, \"sops\": {}}", 1, 14, "more than one sops member")]
    public void BadInputIsReportedWithLineAndColumn(string input, int line, int column, string message)
    {
        var e = Assert.Throws<StoreException>(() => new JsonStore().Parse(Encoding.UTF8.GetBytes(input)));

        Assert.Contains(message, e.Message);
        Assert.StartsWith("json: ", e.Message);
        Assert.Equal((line, column), (e.Line, e.Column));
    }

    [Fact]
    public void ColumnsCountCharactersNotBytes()
    {
        var e = Assert.Throws<StoreException>(() => new JsonStore().Parse(Encoding.UTF8.GetBytes("{\"é😀\": x}")));

        Assert.Equal((1, 8), (e.Line, e.Column));
    }

    [Fact]
    public void InvalidUtf8IsRefusedRatherThanReplaced()
    {
        var bytes = "{\"a\": \"x?y\"}"u8.ToArray();
        bytes[8] = 0xFF;

        var e = Assert.Throws<StoreException>(() => new JsonStore().Parse(bytes));

        Assert.Contains("invalid utf-8", e.Message);
    }

    [Fact]
    public void EscapedStringsThatWillBeRewrittenDifferentlyAreWarnedAbout()
    {
        var input = "{\n\t\"a\": \"caf\\u00e9\",\n\t\"b\": [\"x\\/y\", \"fine\\n\"],\n\t\"c\": \"plain\",\n\t\"sops\": {\"x\": \"\\u0041\"}\n}\n";

        var parsed = new JsonStore().Parse(Encoding.UTF8.GetBytes(input));

        Assert.Equal(
            [new StoreWarning(2, 7, "[\"a\"]", "escaped string will be written back with minimal escaping"),
             new StoreWarning(3, 8, "[\"b\"][0]", "escaped string will be written back with minimal escaping")],
            parsed.Warnings.ToArray());
        Assert.Equal("café", ((Scalar)parsed.Documents[0]["a"]!).Text);
        Assert.DoesNotContain("caf", string.Concat(parsed.Warnings.Select(w => w.Message + w.Path)));
    }

    [Fact]
    public void WarnedStringsStillRoundTripTheirValue()
    {
        var store = new JsonStore();
        var parsed = store.Parse("{\"a\": \"caf\\u00e9 \\/ \\ud83d\\ude00 \\u0041\"}"u8.ToArray());

        var encrypted = store.Parse(store.Write([FakeCipher.Encrypt(parsed.Documents[0])], null, parsed));
        var decrypted = store.Write([FakeCipher.Decrypt(encrypted.Documents[0])], null, encrypted);

        Assert.Equal("{\"a\": \"café / 😀 A\"}", Encoding.UTF8.GetString(decrypted));
    }

    [Fact]
    public void LoneSurrogateEscapesDecodeToTheReplacementCharacterLikeGo()
    {
        var parsed = new JsonStore().Parse("{\"a\": \"\\ud800x\"}"u8.ToArray());

        Assert.Equal("\uFFFDx", ((Scalar)parsed.Documents[0]["a"]!).Text);
    }

    [Fact]
    public void NegativeIndentBelowMinusOneIsRefused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new JsonStore(-2));
    }

    [Fact]
    public void MoreThanOneDocumentIsRefused()
    {
        Assert.Throws<StoreException>(() => new JsonStore().Write([Mapping.Empty, Mapping.Empty], null, null));
    }
}
