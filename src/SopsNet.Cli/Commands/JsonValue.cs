using System.Collections.Immutable;
using System.Text.Json;
using SopsNet.Cli.Output;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary>
/// The value argument of <c>set</c>, which sops reads as JSON: <c>'"text"'</c>, <c>5</c>, <c>true</c>,
/// <c>{"a": 1}</c>. Integers that fit 64 bits become ints (sops 3.13.2's JSON rule), other numbers floats.
/// </summary>
internal static class JsonValue
{
    public static Node Parse(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return Convert(document.RootElement);
        }
        catch (JsonException e)
        {
            throw new SopsException(SopsError.InvalidSetFormat,
                $"the value is not valid json (quote strings: '\"text\"'): line {e.LineNumber + 1}, position {e.BytePositionInLine + 1}");
        }
    }

    private static Node Convert(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => new Mapping(e.EnumerateObject().Select(p => (Node)new Pair(p.Name, Convert(p.Value))).ToImmutableArray()),
        JsonValueKind.Array => new Sequence(e.EnumerateArray().Select(Convert).ToImmutableArray()),
        JsonValueKind.String => Scalar.String(e.GetString()!),
        JsonValueKind.Number => e.TryGetInt64(out _) && !e.GetRawText().Contains('.') && !e.GetRawText().Contains('e', StringComparison.OrdinalIgnoreCase)
            ? new Scalar(ScalarKind.Int, e.GetRawText())
            : new Scalar(ScalarKind.Float, e.GetRawText()),
        JsonValueKind.True => new Scalar(ScalarKind.Bool, "true"),
        JsonValueKind.False => new Scalar(ScalarKind.Bool, "false"),
        _ => Scalar.Null,
    };
}
