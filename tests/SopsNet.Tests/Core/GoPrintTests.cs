using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Tests.Core;

/// <summary>The spellings of Go's encoders sops prints decrypted values with (values checked against Go 1.24's strconv and encoding/json).</summary>
public sealed class GoPrintTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(1.5, "1.5")]
    [InlineData(123456.0, "123456")]
    [InlineData(1e6, "1e+06")]
    [InlineData(1234567.0, "1.234567e+06")]
    [InlineData(1000000.5, "1.0000005e+06")]
    [InlineData(0.0001, "0.0001")]
    [InlineData(0.00001, "1e-05")]
    [InlineData(1e21, "1e+21")]
    [InlineData(-2.5e-10, "-2.5e-10")]
    [InlineData(-0.0, "-0")]
    [InlineData(double.NaN, ".nan")]
    [InlineData(double.NegativeInfinity, "-.inf")]
    public void Floats_print_as_go_yaml_prints_them(double value, string expected) =>
        Assert.Equal(expected, GoPrint.YamlFloat(value));

    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(1000000.5, "1000000.5")]
    [InlineData(1e20, "100000000000000000000")]
    [InlineData(1e21, "1e+21")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(1.5e-10, "1.5e-10")]
    [InlineData(0.0, "0")]
    public void Floats_print_as_encoding_json_prints_them(double value, string expected) =>
        Assert.Equal(expected, GoPrint.JsonFloat(value));

    [Fact]
    public void Json_has_no_spelling_for_nan_or_infinity()
    {
        Assert.Null(GoPrint.JsonFloat(double.NaN));
        Assert.Null(GoPrint.JsonFloat(double.PositiveInfinity));
    }

    [Fact]
    public void Strings_are_escaped_html_safe_as_json_marshal_escapes_them() =>
        Assert.Equal("\"a\\u003cb\\u003e\\u0026\\u2028\\\"\\\\\\n\\b\\u0001é\"", GoPrint.JsonString("a<b>&\u2028\"\\\n\b\u0001é"));

    [Theory]
    [InlineData(ScalarKind.Float, "1", "1.0")]
    [InlineData(ScalarKind.Float, "1.5", "1.5")]
    [InlineData(ScalarKind.Float, "1000000", "1E+06")]
    [InlineData(ScalarKind.Float, "0.00001", "1E-05")]
    [InlineData(ScalarKind.Bool, "True", "true")]
    [InlineData(ScalarKind.Int, "007", "7")]
    [InlineData(ScalarKind.Time, "2024-01-01T10:00:00.123+02:00", "2024-01-01T10:00:00+02:00")]
    [InlineData(ScalarKind.String, "as is", "as is")]
    public void Flat_stores_spell_values_as_sops_val_to_string_does(ScalarKind kind, string text, string expected) =>
        Assert.Equal(expected, GoPrint.ValToString(new Scalar(kind, text)));
}
