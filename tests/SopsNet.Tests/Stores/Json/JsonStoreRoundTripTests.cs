using SopsNet.Tests.Support;
using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using SopsNet.Stores.Json;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Json;

public sealed class JsonStoreRoundTripTests
{
    private static readonly Dictionary<string, string> Inputs = new()
    {
        ["tabs-nested-numbers"] =
            "{\n\t\"name\": \"app\",\n\t\"port\": 8080,\n\t\"ratio\": 1.50,\n\t\"big\": 1e3,\n\t\"neg\": -0.5E-3,\n" +
            "\t\"exp\": 2E+10,\n\t\"huge\": 123456789012345678901234567890,\n\t\"zero\": -0,\n\t\"maxint\": 9223372036854775807,\n" +
            "\t\"on\": true,\n\t\"off\": false,\n\t\"nothing\": null,\n\t\"empty\": \"\",\n\t\"emptyObj\": {},\n\t\"emptyArr\": [],\n" +
            "\t\"nested\": {\n\t\t\"list\": [\n\t\t\t1,\n\t\t\t\"two\",\n\t\t\t{\n\t\t\t\t\"three\": [3.0, [], {}]\n\t\t\t}\n\t\t]\n\t}\n}\n",
        ["two-spaces-unicode-escapes"] =
            "{\n  \"greeting\": \"héllo wörld ✓ 😀 日本\",\n  \"quote\": \"say \\\"hi\\\" \\\\ back\",\n" +
            "  \"ctl\": \"a\\tb\\nc\\rd\\be\\ff\\u0001g\\u001f\",\n  \"html\": \"<a href='x'>&amp;</a> \u2028\",\n" +
            "  \"\\\"odd key\\\"\": \"v\",\n  \"ключ\": [\"значение\", \"\"]\n}\n",
        ["four-spaces-no-final-newline"] =
            "{\n    \"a\": {\n        \"b\": [\n            true,\n            null,\n            -12.5\n        ]\n    },\n    \"c\": \"d\"\n}",
        ["minified"] = "{\"a\":1,\"b\":[true,false,null],\"c\":{\"d\":\"e\",\"f\":[]},\"g\":{}}",
        ["crlf"] = "{\r\n  \"a\": \"b\",\r\n  \"c\": [\r\n    1,\r\n    {\r\n      \"d\": 2.5\r\n    }\r\n  ]\r\n}\r\n",
        ["indent-zero"] = "{\n\"a\": 1,\n\"b\": {\n\"c\": [\n2,\n3\n]\n}\n}\n",
        ["odd-whitespace"] = "  {  \"a\" :  1 ,  \"b\"  :\t[ 1 , \"x\" ,{ } ]  ,\"c\":null}  \n\n",
        ["one-line"] = "{\"only\": \"value\"}\n",
        ["empty-object"] = "{}\n",
        ["bom"] = "\uFEFF{\n\t\"a\": \"b\"\n}\n",
        ["duplicate-keys"] = "{\n\t\"a\": 1,\n\t\"a\": \"again\",\n\t\"b\": {\"x\": 1, \"x\": 2}\n}\n",
        ["deep-arrays"] = "{\"m\": [[[[1, [2, [3]]], []], [{\"k\": [{}]}]]]}",
        ["only-nulls-and-empties"] = "{\n\t\"a\": null,\n\t\"b\": [],\n\t\"c\": {},\n\t\"d\": \"\"\n}\n",
        ["sops-like-key-not-top-level"] = "{\n\t\"x\": {\n\t\t\"sops\": \"not metadata\"\n\t}\n}\n",
    };

    public static TheoryData<string> InputNames() => [.. Inputs.Keys];

    internal static Mapping SampleMetadata() => new(
    [
        new Pair("lastmodified", Scalar.String("2026-01-02T03:04:05Z")),
        new Pair("mac", Scalar.String("ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi==,type:str]")),
        new Pair("mac_only_encrypted", new Scalar(ScalarKind.Bool, "true")),
        new Pair("pgp", new Sequence(
        [
            new Mapping(
            [
                new Pair("created_at", Scalar.String("2026-01-02T03:04:05Z")),
                new Pair("enc", Scalar.String("-----BEGIN PGP MESSAGE-----\n\nwcBM/+=\n=7UUe\n-----END PGP MESSAGE-----")),
                new Pair("fp", Scalar.String("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4")),
            ]),
        ])),
        new Pair("kms", Scalar.Null),
        new Pair("age", new Sequence([])),
        new Pair("shamir_threshold", new Scalar(ScalarKind.Int, "2")),
        new Pair("version", Scalar.String("3.13.2")),
    ]);

    [Theory]
    [MemberData(nameof(InputNames))]
    public void EncryptThenDecryptGivesTheOriginalBytesBack(string name)
    {
        var input = Encoding.UTF8.GetBytes(Inputs[name]);
        var store = new JsonStore();

        var plain = store.Parse(input);
        Assert.Empty(plain.Warnings);
        var encrypted = store.Write([FakeCipher.Encrypt(plain.Documents[0])], SampleMetadata(), plain);

        var reparsed = store.Parse(encrypted);
        Assert.Equal(TreeText.Of(SampleMetadata()), TreeText.Of(reparsed.Metadata));
        var decrypted = store.Write([FakeCipher.Decrypt(reparsed.Documents[0])], null, reparsed);

        Assert.Equal(Inputs[name], Encoding.UTF8.GetString(decrypted));
    }

    [Theory]
    [MemberData(nameof(InputNames))]
    public void EncryptedTextIsValidJsonOfTheSameShape(string name)
    {
        var input = Encoding.UTF8.GetBytes(Inputs[name]);
        var store = new JsonStore();
        var plain = store.Parse(input);

        var encrypted = store.Write([FakeCipher.Encrypt(plain.Documents[0])], SampleMetadata(), plain);

        using var before = JsonDocument.Parse(WithoutBom(input));
        using var after = JsonDocument.Parse(WithoutBom(encrypted));
        var members = after.RootElement.EnumerateObject().ToList();
        Assert.Equal("sops", members[^1].Name);
        Assert.Equal(JsonValueKind.Object, members[^1].Value.ValueKind);
        AssertSameShape(before.RootElement, after.RootElement, skipLastMember: true);
    }

    [Theory]
    [MemberData(nameof(InputNames))]
    public void WritingAnUnchangedTreeReproducesTheInput(string name)
    {
        var store = new JsonStore();
        var parsed = store.Parse(Encoding.UTF8.GetBytes(Inputs[name]));

        var written = store.Write(parsed.Documents, parsed.Metadata, parsed);

        Assert.Equal(Inputs[name], Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void NumbersAndLiteralsGetTheSops3132Kinds()
    {
        var doc = new JsonStore().Parse(Encoding.UTF8.GetBytes(Inputs["tabs-nested-numbers"])).Documents[0];

        Assert.Equal(new Scalar(ScalarKind.Int, "8080"), Plain(doc["port"]));
        Assert.Equal(new Scalar(ScalarKind.Float, "1.50"), Plain(doc["ratio"]));
        Assert.Equal(new Scalar(ScalarKind.Float, "1e3"), Plain(doc["big"]));
        Assert.Equal(new Scalar(ScalarKind.Float, "-0.5E-3"), Plain(doc["neg"]));
        Assert.Equal(new Scalar(ScalarKind.Float, "123456789012345678901234567890"), Plain(doc["huge"]));
        Assert.Equal(new Scalar(ScalarKind.Int, "-0"), Plain(doc["zero"]));
        Assert.Equal(new Scalar(ScalarKind.Int, "9223372036854775807"), Plain(doc["maxint"]));
        Assert.Equal(new Scalar(ScalarKind.Bool, "true"), Plain(doc["on"]));
        Assert.Equal(Scalar.Null, Plain(doc["nothing"]));
        Assert.Equal(Scalar.String(""), Plain(doc["empty"]));
        var list = Assert.IsType<Sequence>(Assert.IsType<Mapping>(doc["nested"])["list"]);
        Assert.Equal(3, list.Items.Length);
    }

    [Fact]
    public void DuplicateKeysAreKeptInOrder()
    {
        var doc = new JsonStore().Parse(Encoding.UTF8.GetBytes(Inputs["duplicate-keys"])).Documents[0];

        Assert.Equal(["a", "a", "b"], doc.Pairs.Select(p => p.Key));
    }

    [Fact]
    public void SopsMemberIsAppendedAfterTheLastValueWithTheFileIndentation()
    {
        var store = new JsonStore();
        var plain = store.Parse("{\n  \"a\": 1\n}\n"u8.ToArray());
        var metadata = new Mapping([new Pair("version", Scalar.String("3.13.2")), new Pair("list", new Sequence([Scalar.String("x")]))]);

        var written = Encoding.UTF8.GetString(store.Write(plain.Documents, metadata, plain));

        Assert.Equal("{\n  \"a\": 1,\n  \"sops\": {\n    \"version\": \"3.13.2\",\n    \"list\": [\n      \"x\"\n    ]\n  }\n}\n", written);
    }

    [Fact]
    public void SopsMemberInAOneLineObjectGoesOnItsOwnTabIndentedLine()
    {
        var store = new JsonStore();
        var plain = store.Parse("{\"a\": 1}"u8.ToArray());
        var metadata = new Mapping([new Pair("version", Scalar.String("3.13.2"))]);

        var written = Encoding.UTF8.GetString(store.Write(plain.Documents, metadata, plain));

        Assert.Equal("{\"a\": 1,\n\t\"sops\": {\n\t\t\"version\": \"3.13.2\"\n\t}}", written);
    }

    [Fact]
    public void RemovedAndAddedMembersKeepTheRestIntact()
    {
        var store = new JsonStore();
        var parsed = store.Parse("{\n\t\"a\": 1,\n\t\"b\": [1, 2, 3],\n\t\"c\": 3\n}\n"u8.ToArray());
        var doc = parsed.Documents[0];
        var b = (Pair)doc.Items[1];
        var seq = (Sequence)b.Value;
        var edited = doc with
        {
            Items = [b with { Value = seq with { Items = seq.Items.RemoveAt(0) } }, doc.Items[2], new Pair("d", Scalar.String("new"))],
        };

        var written = Encoding.UTF8.GetString(store.Write([edited], null, parsed));

        Assert.Equal("{\n\t\"b\": [2, 3],\n\t\"c\": 3,\n\t\"d\": \"new\"\n}\n", written);
    }

    [Fact]
    public void ASopsMemberThatIsNotLastIsRemovedCleanly()
    {
        var store = new JsonStore();
        var parsed = store.Parse("{\n\t\"sops\": {\"version\": \"3.13.2\"},\n\t\"a\": 1,\n\t\"b\": 2\n}\n"u8.ToArray());

        Assert.Equal("{\n\t\"a\": 1,\n\t\"b\": 2\n}\n", Encoding.UTF8.GetString(store.Write(parsed.Documents, null, parsed)));
        Assert.Equal(
            "{\n\t\"a\": 1,\n\t\"b\": 2,\n\t\"sops\": {\n\t\t\"version\": \"3.13.2\"\n\t}\n}\n",
            Encoding.UTF8.GetString(store.Write(parsed.Documents, parsed.Metadata, parsed)));
    }

    [Fact]
    public void AMemberAddedToANestedObjectLinesUpWithItsSiblings()
    {
        var store = new JsonStore();
        var parsed = store.Parse("{\n    \"db\": {\n        \"user\": \"u\"\n    },\n    \"x\": {\"y\": 1}\n}"u8.ToArray());
        var doc = parsed.Documents[0];
        var db = (Pair)doc.Items[0];
        var x = (Pair)doc.Items[1];
        var edited = doc with
        {
            Items =
            [
                db with { Value = ((Mapping)db.Value) with { Items = ((Mapping)db.Value).Items.Add(new Pair("password", Scalar.String("p"))) } },
                x with { Value = ((Mapping)x.Value) with { Items = ((Mapping)x.Value).Items.Add(new Pair("z", new Sequence([Scalar.Null]))) } },
            ],
        };

        var written = Encoding.UTF8.GetString(store.Write([edited], null, parsed));

        Assert.Equal(
            "{\n    \"db\": {\n        \"user\": \"u\",\n        \"password\": \"p\"\n    },\n" +
            "    \"x\": {\"y\": 1,\n        \"z\": [\n            null\n        ]}\n}",
            written);
    }

    private static Scalar Plain(Node? node) => Assert.IsType<Scalar>(node) with { Source = null };

    private static byte[] WithoutBom(byte[] bytes) =>
        bytes.AsSpan().StartsWith(new byte[] { 0xEF, 0xBB, 0xBF }) ? bytes[3..] : bytes;

    private static void AssertSameShape(JsonElement plain, JsonElement encrypted, bool skipLastMember = false)
    {
        switch (plain.ValueKind)
        {
            case JsonValueKind.Object:
                Assert.Equal(JsonValueKind.Object, encrypted.ValueKind);
                var a = plain.EnumerateObject().ToList();
                var b = encrypted.EnumerateObject().ToList();
                if (skipLastMember)
                {
                    b.RemoveAt(b.Count - 1);
                }

                Assert.Equal(a.Select(p => p.Name), b.Select(p => p.Name));
                for (var i = 0; i < a.Count; i++)
                {
                    AssertSameShape(a[i].Value, b[i].Value);
                }

                break;
            case JsonValueKind.Array:
                Assert.Equal(JsonValueKind.Array, encrypted.ValueKind);
                var x = plain.EnumerateArray().ToList();
                var y = encrypted.EnumerateArray().ToList();
                Assert.Equal(x.Count, y.Count);
                for (var i = 0; i < x.Count; i++)
                {
                    AssertSameShape(x[i], y[i]);
                }

                break;
            case JsonValueKind.Null:
                Assert.Equal(JsonValueKind.Null, encrypted.ValueKind);
                break;
            case JsonValueKind.String when plain.GetString() == "":
                // sops never encrypts an empty string.
                Assert.Equal("", encrypted.GetString());
                break;
            default:
                Assert.Equal(JsonValueKind.String, encrypted.ValueKind);
                Assert.StartsWith("ENC[AES256_GCM,", encrypted.GetString());
                break;
        }
    }
}
