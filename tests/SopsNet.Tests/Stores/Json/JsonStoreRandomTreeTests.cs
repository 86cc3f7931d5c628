using SopsNet.Tests.Support;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using SopsNet.Stores.Json;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Json;

/// <summary>
/// Random trees (seeded, so a failure is reproducible) written in every layout, then run through
/// encrypt/decrypt: the bytes must come back, and the text must mean the same to System.Text.Json.
/// </summary>
public sealed class JsonStoreRandomTreeTests
{
    private static readonly string[] Strings =
    [
        "", "plain", "with space", "quote\"inside", "back\\slash", "new\nline", "tab\tand\rcr", "\b\f\u0001\u001f",
        "é ü ß", "日本語", "😀 emoji", "<html>&amp;", "\u2028\u2029", "/slash/", "ENC[not really]", "sops",
    ];

    private static readonly string[] Numbers =
    [
        "0", "-0", "1", "-17", "9223372036854775807", "-9223372036854775808", "9223372036854775808",
        "1.5", "1.50", "-0.0", "1e3", "1E+3", "2.5e-7", "123456789012345678901234567890", "0.1",
    ];

    public static TheoryData<int, int> Seeds()
    {
        var data = new TheoryData<int, int>();
        foreach (var indent in new[] { -1, 0, 2, 4 })
        {
            for (var seed = 1; seed <= 15; seed++)
            {
                data.Add(seed, indent);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomTreesSurviveEncryptAndDecryptByteForByte(int seed, int indent)
    {
        var store = new JsonStore(indent);
        var tree = RandomMapping(new Random(seed), 0);
        var text = store.Write([tree], null, null);

        var plain = store.Parse(text);
        Assert.Equal(TreeText.Of(tree), TreeText.Of(plain.Documents[0]));
        var encrypted = store.Write([FakeCipher.Encrypt(plain.Documents[0])], JsonStoreRoundTripTests.SampleMetadata(), plain);
        using (JsonDocument.Parse(encrypted))
        {
        }

        var reparsed = store.Parse(encrypted);
        var decrypted = store.Write([FakeCipher.Decrypt(reparsed.Documents[0])], null, reparsed);

        Assert.Equal(Encoding.UTF8.GetString(text), Encoding.UTF8.GetString(decrypted));
        Assert.True(JsonElement.DeepEquals(JsonDocument.Parse(text).RootElement, JsonDocument.Parse(decrypted).RootElement));
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void StringsReadBackAsSystemTextJsonReadsThem(int seed, int indent)
    {
        var text = new JsonStore(indent).Write([RandomMapping(new Random(seed), 0)], null, null);

        var ours = new JsonStore().Parse(text).Documents[0];
        using var theirs = JsonDocument.Parse(text);

        AssertSame(theirs.RootElement, ours);
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public void RandomWhitespaceLayoutsSurviveEncryptAndDecryptByteForByte(int seed, int indent)
    {
        var random = new Random(seed * 7919 + indent);
        var sb = new StringBuilder(random.Next(3) == 0 ? "\uFEFF" : "");
        WriteScattered(sb, RandomMapping(random, 0), random);
        sb.Append(Whitespace(random));
        var text = Encoding.UTF8.GetBytes(sb.ToString());
        var store = new JsonStore(indent);

        var plain = store.Parse(text);
        var encrypted = store.Write([FakeCipher.Encrypt(plain.Documents[0])], JsonStoreRoundTripTests.SampleMetadata(), plain);
        var reparsed = store.Parse(encrypted);
        Assert.Equal(TreeText.Of(JsonStoreRoundTripTests.SampleMetadata()), TreeText.Of(reparsed.Metadata));
        var decrypted = store.Write([FakeCipher.Decrypt(reparsed.Documents[0])], null, reparsed);

        Assert.Equal(sb.ToString(), Encoding.UTF8.GetString(decrypted));
    }

    /// <summary>Writes JSON with random whitespace (spaces, tabs, LF, CRLF) around every token.</summary>
    private static void WriteScattered(StringBuilder sb, Node node, Random random)
    {
        sb.Append(Whitespace(random));
        switch (node)
        {
            case Mapping m:
                sb.Append('{');
                var pairs = m.Pairs.ToList();
                for (var i = 0; i < pairs.Count; i++)
                {
                    sb.Append(i == 0 ? "" : Whitespace(random) + ",").Append(Whitespace(random));
                    sb.Append(JsonRenderer.Quote(pairs[i].Key)).Append(Whitespace(random)).Append(':');
                    WriteScattered(sb, pairs[i].Value, random);
                }

                sb.Append(Whitespace(random)).Append('}');
                break;
            case Sequence s:
                sb.Append('[');
                for (var i = 0; i < s.Items.Length; i++)
                {
                    sb.Append(i == 0 ? "" : Whitespace(random) + ",");
                    WriteScattered(sb, s.Items[i], random);
                }

                sb.Append(Whitespace(random)).Append(']');
                break;
            case Scalar scalar:
                sb.Append(JsonRenderer.Scalar(scalar, ""));
                break;
        }
    }

    private static string Whitespace(Random random) =>
        string.Concat(Enumerable.Range(0, random.Next(4) == 0 ? random.Next(1, 4) : 0)
            .Select(_ => new[] { " ", "\t", "\n", "\r\n", "  " }[random.Next(5)]));

    private static void AssertSame(JsonElement expected, Node actual)
    {
        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var pairs = Assert.IsType<Mapping>(actual).Pairs.ToList();
                var members = expected.EnumerateObject().ToList();
                Assert.Equal(members.Select(m => m.Name), pairs.Select(p => p.Key));
                for (var i = 0; i < members.Count; i++)
                {
                    AssertSame(members[i].Value, pairs[i].Value);
                }

                break;
            case JsonValueKind.Array:
                var items = Assert.IsType<Sequence>(actual).Items;
                Assert.Equal(expected.GetArrayLength(), items.Length);
                var j = 0;
                foreach (var element in expected.EnumerateArray())
                {
                    AssertSame(element, items[j++]);
                }

                break;
            case JsonValueKind.String:
                Assert.Equal(expected.GetString(), Assert.IsType<Scalar>(actual).Text);
                break;
            case JsonValueKind.Number:
                Assert.Equal(expected.GetRawText(), Assert.IsType<Scalar>(actual).Text);
                break;
            case JsonValueKind.Null:
                Assert.Equal(ScalarKind.Null, Assert.IsType<Scalar>(actual).Kind);
                break;
            default:
                Assert.Equal(expected.GetBoolean() ? "true" : "false", Assert.IsType<Scalar>(actual).Text);
                break;
        }
    }

    private static Mapping RandomMapping(Random random, int depth)
    {
        var count = random.Next(depth == 0 ? 1 : 0, 6);
        var items = ImmutableArray.CreateBuilder<Node>();
        for (var i = 0; i < count; i++)
        {
            var key = Strings[random.Next(Strings.Length)] + (random.Next(3) == 0 ? "" : i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            // A top-level "sops" member is the metadata, not data.
            items.Add(new Pair(depth == 0 && key == "sops" ? "not sops" : key, RandomValue(random, depth + 1)));
        }

        return new Mapping(items.ToImmutable());
    }

    private static Node RandomValue(Random random, int depth)
    {
        var choice = random.Next(depth > 4 ? 5 : 7);
        return choice switch
        {
            0 => Scalar.String(Strings[random.Next(Strings.Length)]),
            1 => Number(Numbers[random.Next(Numbers.Length)]),
            2 => new Scalar(ScalarKind.Bool, random.Next(2) == 0 ? "true" : "false"),
            3 => Scalar.Null,
            4 => Scalar.String(Strings[random.Next(Strings.Length)] + Strings[random.Next(Strings.Length)]),
            5 => RandomMapping(random, depth),
            _ => new Sequence([.. Enumerable.Range(0, random.Next(0, 5)).Select(_ => RandomValue(random, depth + 1))]),
        };
    }

    private static Scalar Number(string text) =>
        new(!text.Contains('.') && !text.Contains('e') && !text.Contains('E') && long.TryParse(text, out _) ? ScalarKind.Int : ScalarKind.Float, text);
}
