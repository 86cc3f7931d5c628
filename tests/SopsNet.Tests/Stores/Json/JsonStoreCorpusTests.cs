using SopsNet.Tests.Support;
using System.Text;
using SopsNet.Stores.Json;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Json;

/// <summary>The store against files sops itself wrote (read in place from the shared corpus).</summary>
public sealed class JsonStoreCorpusTests
{
    private const string FormatEnc = "sops/functional-tests/res/format.enc.json";

    public static TheoryData<string> CorpusFiles() =>
    [
        "sops/example.json",
        FormatEnc,
        "sops/examples/all_in_one/config/secret.enc.json",
        "age-added/example.age-added.json",
        "age-added/ft-format.age-added.json",
        "age-added/ex-secret.age-added.json",
    ];

    public static TheoryData<string> SopsWrittenFiles() =>
        ["sops/example.json", FormatEnc, "sops/examples/all_in_one/config/secret.enc.json"];

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void EveryCorpusFileParsesWithItsMetadata(string file)
    {
        var parsed = new JsonStore().Parse(File.ReadAllBytes(TestPaths.Corpus(file)));

        Assert.Empty(parsed.Warnings);
        var data = Assert.Single(parsed.Documents);
        Assert.DoesNotContain(data.Pairs, p => p.Key == "sops");
        Assert.All(data.Pairs, p => Assert.NotNull(p.Value.Source));
        var meta = Assert.IsType<Mapping>(parsed.Metadata);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", String(meta["lastmodified"]));
        Assert.StartsWith("ENC[AES256_GCM,data:", String(meta["mac"]));
        Assert.Matches(@"^3\.\d+\.\d+$", String(meta["version"]));
        Assert.Equal("_unencrypted", String(meta["unencrypted_suffix"]));
        var pgp = Assert.IsType<Sequence>(meta["pgp"]);
        var first = Assert.IsType<Mapping>(pgp.Items[0]);
        Assert.Equal("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4", String(first["fp"]));
        Assert.StartsWith("-----BEGIN PGP MESSAGE-----\n\n", String(first["enc"]));
        Assert.All(meta.Items, i => Assert.Null(i.Source));

        if (file.StartsWith("age-added/", StringComparison.Ordinal))
        {
            var age = Assert.IsType<Mapping>(Assert.Single(Assert.IsType<Sequence>(meta["age"]).Items));
            Assert.Equal("age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun", String(age["recipient"]));
            Assert.StartsWith("-----BEGIN AGE ENCRYPTED FILE-----\n", String(age["enc"]));
        }

        if (file.Contains("example", StringComparison.Ordinal) || file.Contains("secret", StringComparison.Ordinal))
        {
            // sops <= 3.9 wrote empty key lists as null.
            Assert.Equal(Scalar.Null, meta["kms"]);
        }
    }

    [Fact]
    public void ExampleJsonDataHasTheExpectedShape()
    {
        var data = new JsonStore().Parse(File.ReadAllBytes(TestPaths.Corpus("sops/example.json"))).Documents[0];

        Assert.Equal(["firstName", "lastName", "age", "address", "phoneNumbers", "anEmptyValue"], data.Pairs.Select(p => p.Key));
        Assert.EndsWith("type:float]", String(data["age"]));
        var phones = Assert.IsType<Sequence>(data["phoneNumbers"]);
        Assert.Equal(2, phones.Items.Length);
        Assert.StartsWith("ENC[", String(Assert.IsType<Mapping>(phones.Items[1])["number"]));
        Assert.Equal("", String(data["anEmptyValue"]));
    }

    [Fact]
    public void DecryptingFormatEncJsonGivesExactlyWhatSopsWrites()
    {
        var store = new JsonStore();
        var parsed = store.Parse(File.ReadAllBytes(TestPaths.Corpus(FormatEnc)));
        var doc = parsed.Documents[0];
        var foo = (Pair)doc.Items[0];
        var decrypted = doc with { Items = [foo with { Value = ((Scalar)foo.Value) with { Text = "bar" } }] };

        var written = store.Write([decrypted], null, parsed);

        Assert.Equal("{\n\t\"foo\": \"bar\"\n}\n", Encoding.UTF8.GetString(written));
    }

    [Fact]
    public void EncryptingFooBarGivesFormatEncJsonByteForByte()
    {
        var store = new JsonStore();
        var file = File.ReadAllBytes(TestPaths.Corpus(FormatEnc));
        var sops = store.Parse(file);
        var envelope = (Scalar)sops.Documents[0]["foo"]!;
        var plain = store.Parse("{\n\t\"foo\": \"bar\"\n}\n"u8.ToArray());
        var doc = plain.Documents[0];
        var foo = (Pair)doc.Items[0];
        var encrypted = doc with { Items = [foo with { Value = ((Scalar)foo.Value) with { Text = envelope.Text } }] };

        Assert.Equal(file, store.Write([encrypted], sops.Metadata, plain));
        Assert.Equal(file, store.Write([new Mapping([new Pair("foo", Scalar.String(envelope.Text))])], sops.Metadata, null));
    }

    [Theory]
    [MemberData(nameof(SopsWrittenFiles))]
    public void RewritingTheParsedMetadataReproducesTheFile(string file)
    {
        var store = new JsonStore();
        var bytes = File.ReadAllBytes(TestPaths.Corpus(file));
        var parsed = store.Parse(bytes);

        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(store.Write(parsed.Documents, parsed.Metadata, parsed)));
    }

    [Theory]
    [MemberData(nameof(SopsWrittenFiles))]
    public void RemovingThenReaddingTheMetadataReproducesTheFile(string file)
    {
        var store = new JsonStore();
        var bytes = File.ReadAllBytes(TestPaths.Corpus(file));
        var parsed = store.Parse(bytes);

        var stripped = store.Parse(store.Write(parsed.Documents, null, parsed));
        Assert.Null(stripped.Metadata);
        var readded = store.Write(stripped.Documents, parsed.Metadata, stripped);

        // Files of sops before 3.10 end without a newline; the stripped text gets the one sops 3.13 prints.
        var expected = Encoding.UTF8.GetString(bytes).TrimEnd('\n') + "\n";
        Assert.Equal(expected, Encoding.UTF8.GetString(readded));
    }

    [Theory]
    [MemberData(nameof(CorpusFiles))]
    public void FreshWriteOfACorpusFileParsesToTheSameTrees(string file)
    {
        var store = new JsonStore();
        var parsed = store.Parse(File.ReadAllBytes(TestPaths.Corpus(file)));

        var again = store.Parse(store.Write(parsed.Documents, parsed.Metadata, null));

        Assert.Equal(TreeText.Of(parsed.Documents[0]), TreeText.Of(again.Documents[0]));
        Assert.Equal(TreeText.Of(parsed.Metadata), TreeText.Of(again.Metadata));
    }

    private static string String(Node? node)
    {
        var scalar = Assert.IsType<Scalar>(node);
        Assert.Equal(ScalarKind.String, scalar.Kind);
        return scalar.Text;
    }
}
