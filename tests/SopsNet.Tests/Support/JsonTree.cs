using System.Text.Json;

namespace SopsNet.Tests.Support;

/// <summary>
/// Compares JSON trees the way the corpus's expected files mean them: objects by ordered keys, numbers by
/// value (1234568000.0 equals 1234568000), everything else exactly.
/// </summary>
public static class JsonTree
{
    public static void AssertEqual(string expectedJson, string actualJson)
    {
        using var expected = JsonDocument.Parse(expectedJson);
        using var actual = JsonDocument.Parse(actualJson);
        var difference = Compare(expected.RootElement, actual.RootElement, "$");
        Assert.True(difference is null, difference + "\nactual: " + actualJson);
    }

    private static string? Compare(JsonElement e, JsonElement a, string path)
    {
        if (e.ValueKind == JsonValueKind.Number && a.ValueKind == JsonValueKind.Number)
        {
            return e.GetDouble().Equals(a.GetDouble()) ? null : $"{path}: {e} != {a}";
        }

        if (e.ValueKind != a.ValueKind)
        {
            return $"{path}: {e.ValueKind} != {a.ValueKind}";
        }

        switch (e.ValueKind)
        {
            case JsonValueKind.Object:
                var ep = e.EnumerateObject().ToList();
                var ap = a.EnumerateObject().ToList();
                if (!ep.Select(p => p.Name).SequenceEqual(ap.Select(p => p.Name)))
                {
                    return $"{path}: keys [{string.Join(",", ep.Select(p => p.Name))}] != [{string.Join(",", ap.Select(p => p.Name))}]";
                }

                return ep.Zip(ap).Select(x => Compare(x.First.Value, x.Second.Value, $"{path}.{x.First.Name}")).FirstOrDefault(d => d is not null);
            case JsonValueKind.Array:
                var ei = e.EnumerateArray().ToList();
                var ai = a.EnumerateArray().ToList();
                return ei.Count != ai.Count
                    ? $"{path}: {ei.Count} items != {ai.Count}"
                    : ei.Zip(ai).Select((x, i) => Compare(x.First, x.Second, $"{path}[{i}]")).FirstOrDefault(d => d is not null);
            default:
                return e.GetRawText() == a.GetRawText() ? null : $"{path}: {e.GetRawText()} != {a.GetRawText()}";
        }
    }
}
