using SopsNet.Values;

namespace SopsNet.Tests.Core;

public sealed class GoFormatTests
{
    [Theory]
    [InlineData(1.0, "1")]
    [InlineData(0.5, "0.5")]
    [InlineData(1e21, "1000000000000000000000")]
    [InlineData(1e-7, "0.0000001")]
    [InlineData(-0.0, "-0")]
    [InlineData(1234568000.0, "1234568000")]
    [InlineData(3.14159, "3.14159")]
    [InlineData(-2.5e-10, "-0.00000000025")]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    public void Formats_floats_as_go_strconv_does(double value, string expected) =>
        Assert.Equal(expected, GoFormat.FormatFloat(value));

    [Theory]
    [InlineData("1.50", true)]
    [InlineData("1e3", true)]
    [InlineData(".5", true)]
    [InlineData("+Inf", true)]
    [InlineData("infinity", true)]
    [InlineData("nan", true)]
    [InlineData(".inf", false)]
    [InlineData(" 1", false)]
    [InlineData("1,5", false)]
    [InlineData("0x10", false)]
    public void Parses_floats_as_go_strconv_does(string text, bool ok) =>
        Assert.Equal(ok, GoFormat.TryParseFloat(text, out _));

    [Theory]
    [InlineData("007", true, 7)]
    [InlineData("+5", true, 5)]
    [InlineData("-9223372036854775808", true, long.MinValue)]
    [InlineData("9223372036854775808", false, 0)]
    [InlineData("0x1F", false, 0)]
    [InlineData(" 1", false, 0)]
    public void Parses_ints_as_atoi_does(string text, bool ok, long expected)
    {
        Assert.Equal(ok, GoFormat.TryParseInt(text, out var v));
        if (ok)
        {
            Assert.Equal(expected, v);
        }
    }

    [Theory]
    [InlineData("2024-01-01T00:00:00Z", "2024-01-01T00:00:00Z")]
    [InlineData("2006-01-02T15:04:05+07:06", "2006-01-02T15:04:05+07:06")]
    [InlineData("2024-01-01T00:00:00+00:00", "2024-01-01T00:00:00Z")]
    [InlineData("2024-01-01T00:00:00.123456789Z", "2024-01-01T00:00:00.123456789Z")]
    [InlineData("2024-01-01T00:00:00.500Z", "2024-01-01T00:00:00.5Z")]
    public void Formats_times_as_go_marshal_text(string input, string expected)
    {
        Assert.True(GoTime.TryParseRfc3339(input, out var t));
        Assert.Equal(expected, t.ToString());
    }

    [Theory]
    [InlineData("2024-01-01")]
    [InlineData("2024-13-01T00:00:00Z")]
    [InlineData("2024-02-30T00:00:00Z")]
    [InlineData("2024-01-01 00:00:00Z")]
    public void Rejects_what_rfc3339_rejects(string input) => Assert.False(GoTime.TryParseRfc3339(input, out _));
}
