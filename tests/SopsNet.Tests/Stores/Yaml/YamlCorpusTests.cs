using SopsNet.Tests.Support;
using System.Text;
using System.Text.Json;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Yaml;

/// <summary>Real files written by sops: metadata, data, comment placement and the exact sops block layout.</summary>
public sealed class YamlCorpusTests
{
    public static TheoryData<string> EncryptedFiles => new()
    {
        "sops/example.yaml",
        "sops/functional-tests/res/format.enc.yaml",
        "sops/functional-tests/res/comments.enc.yaml",
        "sops/functional-tests/res/no_mac.yaml",
        "age-added/example.age-added.yaml",
        "age-added/ft-comments.age-added.yaml",
        "age-added/ft-format.age-added.yaml",
    };

    [Theory]
    [MemberData(nameof(EncryptedFiles))]
    public void MetadataIsTakenOutOfTheData(string file)
    {
        var parsed = new YamlStore().Parse(File.ReadAllBytes(TestPaths.Corpus(file)));
        var metadata = Assert.IsType<Mapping>(parsed.Metadata);
        Assert.Null(parsed.Documents[0]["sops"]);
        var lastModified = Assert.IsType<Scalar>(metadata["lastmodified"]);
        Assert.Equal(ScalarKind.String, lastModified.Kind);
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", lastModified.Text);
        Assert.Matches(@"^3\.\d+\.\d+$", ((Scalar)metadata["version"]!).Text);
        var pgp = Assert.IsType<Sequence>(metadata["pgp"]);
        var first = Assert.IsType<Mapping>(pgp.Items[0]);
        Assert.StartsWith("-----BEGIN PGP MESSAGE-----\n", ((Scalar)first["enc"]!).Text, StringComparison.Ordinal);
        Assert.Equal("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4", ((Scalar)first["fp"]!).Text);
        if (file.StartsWith("age-added", StringComparison.Ordinal))
        {
            var age = Assert.IsType<Mapping>(Assert.IsType<Sequence>(metadata["age"]).Items[0]);
            Assert.Equal("age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun", ((Scalar)age["recipient"]!).Text);
            Assert.EndsWith("-----END AGE ENCRYPTED FILE-----\n", ((Scalar)age["enc"]!).Text, StringComparison.Ordinal);
        }

        if (file.Contains("no_mac", StringComparison.Ordinal))
        {
            Assert.Null(metadata["mac"]);
        }
        else
        {
            Assert.StartsWith("ENC[AES256_GCM,data:", ((Scalar)metadata["mac"]!).Text, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("sops/example.yaml", "expected/example.yaml.json")]
    [InlineData("sops/functional-tests/res/format.enc.yaml", "expected/functional-tests/res/format.enc.yaml.json")]
    [InlineData("sops/functional-tests/res/comments.enc.yaml", "expected/functional-tests/res/comments.enc.yaml.json")]
    [InlineData("sops/functional-tests/res/no_mac.yaml", "expected/functional-tests/res/no_mac.yaml.json")]
    [InlineData("age-added/example.age-added.yaml", "expected/example.yaml.json")]
    public void DataMatchesTheDecryptedTreeForClearValues(string file, string expected)
    {
        var parsed = new YamlStore().Parse(File.ReadAllBytes(TestPaths.Corpus(file)));
        using var json = JsonDocument.Parse(File.ReadAllBytes(TestPaths.Corpus(expected)));
        var compared = Compare(parsed.Documents[0], json.RootElement);
        Assert.True(compared > 0 || file.Contains("format", StringComparison.Ordinal) || file.Contains("comments", StringComparison.Ordinal) || file.Contains("no_mac", StringComparison.Ordinal));
    }

    /// <summary>Same keys in the same order, same list lengths; clear leaves equal. Returns the clear leaves compared.</summary>
    private static int Compare(Node node, JsonElement json)
    {
        switch (node)
        {
            case Mapping m:
                Assert.Equal(JsonValueKind.Object, json.ValueKind);
                Assert.Equal(json.EnumerateObject().Select(p => p.Name), m.Pairs.Select(p => p.Key));
                return m.Pairs.Sum(p => Compare(p.Value, json.GetProperty(p.Key)));
            case Sequence s:
                var values = s.Items.Where(i => i is not Comment).ToList();
                Assert.Equal(json.GetArrayLength(), values.Count);
                return values.Select((v, i) => Compare(v, json[i])).Sum();
            case Scalar sc when sc.Text.StartsWith("ENC[", StringComparison.Ordinal):
                return 0;
            case Scalar sc:
                Assert.Equal(json.ValueKind == JsonValueKind.String ? json.GetString() : json.GetRawText(), sc.Text);
                return 1;
            default:
                return 0;
        }
    }

    [Fact]
    public void FormatFileDecryptsToExactlyFooBar()
    {
        var store = new YamlStore();
        var parsed = store.Parse(File.ReadAllBytes(TestPaths.Corpus("sops/functional-tests/res/format.enc.yaml")));
        var decrypted = FakeCipher.Map(parsed.Documents[0], n => n is Scalar s ? s with { Text = "bar" } : n);
        Assert.Equal("foo: bar\n", Encoding.UTF8.GetString(store.Write([(Mapping)decrypted], null, parsed)));
    }

    [Theory]
    [InlineData("sops/functional-tests/res/format.enc.yaml")]
    [InlineData("sops/example.yaml")]
    public void SopsBlockIsByteIdenticalToWhatSopsWrote(string file)
    {
        var store = new YamlStore();
        var bytes = File.ReadAllBytes(TestPaths.Corpus(file));
        var parsed = store.Parse(bytes);
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(store.Write(parsed.Documents, parsed.Metadata, null)));
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(store.Write(parsed.Documents, parsed.Metadata, parsed)));
    }

    [Fact]
    public void ExampleCommentsLandInTheNestedMappings()
    {
        var doc = new YamlStore().Parse(File.ReadAllBytes(TestPaths.Corpus("sops/example.yaml"))).Documents[0];
        Assert.Empty(doc.Items.OfType<Comment>());
        var db = (Mapping)((Mapping)doc["app2"]!)["db"]!;
        Assert.Equal(["Pair", "Pair", "Comment"], db.Items.Select(i => i.GetType().Name));
        var nested = (Mapping)((Mapping)((Mapping)((Mapping)doc["this"]!)["is"]!)["a"]!)["nested"]!;
        Assert.Equal(["Pair", "Comment", "Comment", "Comment"], nested.Items.Select(i => i.GetType().Name));
        Assert.All(nested.Items.OfType<Comment>(), c => Assert.StartsWith("ENC[AES256_GCM,", c.Text, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sops/functional-tests/res/comments.enc.yaml")]
    [InlineData("sops/functional-tests/res/comments.yaml")]
    public void TopLevelCommentsStayAtTheTopLevel(string file)
    {
        var doc = new YamlStore().Parse(File.ReadAllBytes(TestPaths.Corpus(file))).Documents[0];
        Assert.Equal(["Comment", "Pair", "Comment", "Pair"], doc.Items.Select(i => i.GetType().Name));
        if (file.EndsWith("comments.yaml", StringComparison.Ordinal))
        {
            Assert.Equal([" first comment in file", " this-is-a-comment"], doc.Items.OfType<Comment>().Select(c => c.Text));
        }
    }

    [Fact]
    public void CommentInsideAListIsAListItem()
    {
        var doc = new YamlStore().Parse(File.ReadAllBytes(TestPaths.Corpus("sops/functional-tests/res/comments_list.yaml"))).Documents[0];
        var lorem = Assert.IsType<Sequence>(doc["lorem"]);
        Assert.Equal(["Scalar", "Comment", "Scalar"], lorem.Items.Select(i => i.GetType().Name));
        Assert.Equal("this-is-a-comment", ((Comment)lorem.Items[1]).Text);
    }

    [Fact]
    public void CleanSopsFileGivesNoWarnings()
    {
        var parsed = new YamlStore().Parse(File.ReadAllBytes(TestPaths.Corpus("sops/example.yaml")));
        Assert.Empty(parsed.Warnings);
    }
}
