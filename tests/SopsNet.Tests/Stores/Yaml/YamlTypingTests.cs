using System.Text;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Yaml;

/// <summary>go-yaml v3's typing of scalars, which decides each value's envelope type and MAC bytes.</summary>
public sealed class YamlTypingTests
{
    public static TheoryData<string, ScalarKind, string, bool> Cases => new()
    {
        // token, kind, Text, warning expected
        { "~", ScalarKind.Null, "", false },
        { "null", ScalarKind.Null, "", false },
        { "Null", ScalarKind.Null, "", false },
        { "NULL", ScalarKind.Null, "", false },
        { "", ScalarKind.Null, "", false },
        { "nULL", ScalarKind.String, "nULL", false },
        { "true", ScalarKind.Bool, "true", false },
        { "True", ScalarKind.Bool, "True", true },
        { "TRUE", ScalarKind.Bool, "TRUE", false },
        { "false", ScalarKind.Bool, "false", false },
        { "FALSE", ScalarKind.Bool, "FALSE", false },
        { "tRUE", ScalarKind.String, "tRUE", false },
        { "yes", ScalarKind.String, "yes", false },
        { "no", ScalarKind.String, "no", false },
        { "on", ScalarKind.String, "on", false },
        { "off", ScalarKind.String, "off", false },
        { "y", ScalarKind.String, "y", false },
        { "42", ScalarKind.Int, "42", false },
        { "-7", ScalarKind.Int, "-7", false },
        { "+5", ScalarKind.Int, "+5", false },
        { "0", ScalarKind.Int, "0", false },
        { "-0", ScalarKind.Int, "-0", false },
        { "0x1F", ScalarKind.Int, "31", true },
        { "0X1f", ScalarKind.Int, "31", true },
        { "-0x10", ScalarKind.Int, "-16", true },
        { "0o17", ScalarKind.Int, "15", true },
        { "0b101", ScalarKind.Int, "5", true },
        { "010", ScalarKind.Int, "8", true },
        { "1_000", ScalarKind.Int, "1000", true },
        { "9223372036854775807", ScalarKind.Int, "9223372036854775807", false },
        { "-9223372036854775808", ScalarKind.Int, "-9223372036854775808", false },
        { "08", ScalarKind.Float, "08", false },
        { "1.5", ScalarKind.Float, "1.5", false },
        { "1.50", ScalarKind.Float, "1.50", false },
        { "1.", ScalarKind.Float, "1.", false },
        { ".5", ScalarKind.Float, ".5", false },
        { "-.5", ScalarKind.Float, "-.5", false },
        { "1e3", ScalarKind.Float, "1e3", false },
        { "1E-3", ScalarKind.Float, "1E-3", false },
        { "+1.5e+3", ScalarKind.Float, "+1.5e+3", false },
        { "1_000.5", ScalarKind.Float, "1000.5", true },
        { "1e400", ScalarKind.String, "1e400", false },
        { ".inf", ScalarKind.Float, "+Inf", true },
        { ".Inf", ScalarKind.Float, "+Inf", true },
        { "+.INF", ScalarKind.Float, "+Inf", true },
        { "-.inf", ScalarKind.Float, "-Inf", true },
        { ".nan", ScalarKind.Float, "NaN", true },
        { ".NaN", ScalarKind.Float, "NaN", true },
        { "inf", ScalarKind.String, "inf", false },
        { "NaN", ScalarKind.String, "NaN", false },
        { "1.2.3", ScalarKind.String, "1.2.3", false },
        { "12:30", ScalarKind.String, "12:30", false },
        { "0x", ScalarKind.String, "0x", false },
        { "3.13.1", ScalarKind.String, "3.13.1", false },
        { "2024-01-01", ScalarKind.Time, "2024-01-01T00:00:00Z", true },
        { "2024-1-5", ScalarKind.Time, "2024-01-05T00:00:00Z", true },
        { "2024-01-01T10:00:00Z", ScalarKind.Time, "2024-01-01T10:00:00Z", false },
        { "2024-01-01T10:00:00.5Z", ScalarKind.Time, "2024-01-01T10:00:00.5Z", false },
        { "2024-01-01T10:00:00+02:00", ScalarKind.Time, "2024-01-01T10:00:00+02:00", false },
        { "2001-12-14t21:59:43.10-05:00", ScalarKind.Time, "2001-12-14T21:59:43.1-05:00", true },
        { "2024-1-2T3:4:5Z", ScalarKind.Time, "2024-01-02T03:04:05Z", true },
        { "2001-12-14 21:59:43.10", ScalarKind.Time, "2001-12-14T21:59:43.1Z", true },
        { "2001-12-14 21:59:43.10 -5", ScalarKind.String, "2001-12-14 21:59:43.10 -5", false },
        { "2024-02-30", ScalarKind.String, "2024-02-30", false },
        { "2024-13-01", ScalarKind.String, "2024-13-01", false },
        { "2024-01-01T10:00:00z", ScalarKind.String, "2024-01-01T10:00:00z", false },
        { "'123'", ScalarKind.String, "123", false },
        { "\"true\"", ScalarKind.String, "true", false },
        { "\"\"", ScalarKind.String, "", false },
        { "'2024-01-01'", ScalarKind.String, "2024-01-01", false },
        { "!!str 123", ScalarKind.String, "123", false },
        { "!!int \"5\"", ScalarKind.Int, "5", true },
        { "!!float 5", ScalarKind.Float, "5", true },
        { "!!bool true", ScalarKind.Bool, "true", true },
        { "!!null ''", ScalarKind.Null, "", false },
        { "!!timestamp 2024-01-01", ScalarKind.Time, "2024-01-01T00:00:00Z", true },
        { "!!binary aGVsbG8=", ScalarKind.String, "hello", true },
        { "!Ref foo", ScalarKind.String, "foo", false },
        { "<<", ScalarKind.String, "<<", false },
        { "plain text", ScalarKind.String, "plain text", false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void ScalarsAreTypedLikeGoYaml(string token, ScalarKind kind, string text, bool warns)
    {
        var parsed = new YamlStore().Parse(Encoding.UTF8.GetBytes($"v: {token}\n"));
        var value = Assert.IsType<Scalar>(parsed.Documents[0]["v"]);
        Assert.Equal(kind, value.Kind);
        Assert.Equal(text, value.Text);
        Assert.Equal(warns, parsed.Warnings.Any(w => w.Path == "[\"v\"]"));
        Assert.All(parsed.Warnings, w => Assert.DoesNotContain(text.Length > 3 ? text : "\u0000", w.Message, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("18446744073709551615")]
    [InlineData("0xFFFFFFFFFFFFFFFF")]
    public void IntegersThatOnlyFitUnsignedAreRejected(string token)
    {
        var e = Assert.Throws<StoreException>(() => new YamlStore().Parse(Encoding.UTF8.GetBytes($"a:\n    v: {token}\n")));
        Assert.Equal(2, e.Line);
        Assert.Equal("[\"a\"][\"v\"]", e.TreePath);
    }

    [Theory]
    [InlineData("!!int abc")]
    [InlineData("!!bool 1")]
    [InlineData("!!binary not*base64")]
    public void ValuesThatDoNotFitTheirTagAreRejected(string token)
    {
        var e = Assert.Throws<StoreException>(() => new YamlStore().Parse(Encoding.UTF8.GetBytes($"v: {token}\n")));
        Assert.Equal(1, e.Line);
    }

    [Theory]
    [InlineData("a: 1\n", "a")]
    [InlineData("1: x\n", "1")]
    [InlineData("true: x\n", "true")]
    [InlineData("'quoted key': x\n", "quoted key")]
    [InlineData("<<: x\n", "<<")]
    public void KeysAreTheirText(string yaml, string key)
    {
        var parsed = new YamlStore().Parse(Encoding.UTF8.GetBytes(yaml));
        Assert.Equal(key, parsed.Documents[0].Pairs.Single().Key);
    }
}
