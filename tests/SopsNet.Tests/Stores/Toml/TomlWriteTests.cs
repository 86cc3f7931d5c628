using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Selection;
using SopsNet.Stores.Toml;
using SopsNet.Tests.Stores.Binary;
using SopsNet.Tests.Support;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Toml;

public sealed class TomlWriteTests
{
    private static Pair P(string key, Node value) => new(key, value);

    private static Scalar S(string text) => Scalar.String(text);

    private static Scalar I(string text) => new(ScalarKind.Int, text);

    /// <summary>A tree as another store would hand it over: tables followed by plain values, comments inside lists and tables.</summary>
    private static Mapping Converted() => new(
    [
        new Comment(" converted"),
        P("name", S("app")),
        P("db", new Mapping([P("user", S("admin")), P("pass", S("p\"w\\d\nline two")), P("opts", new Mapping([P("ssl", new Scalar(ScalarKind.Bool, "true"))]))])),
        P("port", I("5432")),
        P("servers", new Sequence([new Mapping([P("host", S("a"))]), new Mapping([P("host", S("b")), P("weight", new Scalar(ScalarKind.Float, "0.5"))])])),
        P("ratio", new Scalar(ScalarKind.Float, "1")),
        P("list", new Sequence([S("x"), new Comment(" in list"), I("-3"), new Sequence([]), new Mapping([P("k", S("v"))])])),
        P("empty", Mapping.Empty),
        P("when", new Scalar(ScalarKind.Time, "2024-01-01T00:00:00Z")),
        P("key with spaces", S("")),
        P("tail", new Mapping([P("a", S("1")), P("deeper", new Mapping([new Comment(" deep"), P("b", S("2"))]))])),
        P("groups", new Sequence([new Mapping([P("n", I("1")), P("sub", new Mapping([P("x", S("y"))]))])])),
    ]);

    [Fact]
    public void AFreshFileReadsBackAsTheSameTreeInTheSameOrder()
    {
        var store = new TomlStore();

        var written = store.Write([Converted()], null, null);
        var parsed = store.Parse(written);

        Assert.Equal(TreeText.Of(Converted()).Replace("Float(1)", "Float(1.0)", StringComparison.Ordinal), TreeText.Of(parsed.Documents[0]));
        Assert.Empty(parsed.Warnings);
        var text = Encoding.UTF8.GetString(written);
        Assert.Contains("db.user = \"admin\"\ndb.pass = \"\"\"\np\"w\\\\d\nline two\"\"\"\ndb.opts.ssl = true\nport = 5432\n", text, StringComparison.Ordinal);
        Assert.Contains("\n[[groups]]\nn = 1\n\n[groups.sub]\nx = \"y\"\n", text, StringComparison.Ordinal);
        Assert.Contains("\"key with spaces\" = \"\"\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFreshEncryptedFileDecryptsWithItsMacVerified()
    {
        var store = new TomlStore();
        var (documents, metadata) = await AgeFileCipher.EncryptDocumentsAsync([Converted()]);

        var encrypted = store.Write(documents, metadata, null);
        var file = await AgeFileCipher.OpenAsync(store, encrypted);

        Assert.Equal(TreeText.Of(Converted()).Replace("Float(1)", "Float(1.0)", StringComparison.Ordinal), TreeText.Of(file.Documents[0]).Replace("Float(1)", "Float(1.0)", StringComparison.Ordinal));
    }

    [Fact]
    public void MetadataWithKeyGroupsRoundTripsThroughTheCodec()
    {
        var metadata = new SopsMetadata
        {
            LastModified = "2026-01-02T03:04:05Z",
            Mac = "ENC[AES256_GCM,data:abc=,iv:def=,tag:ghi=,type:str]",
            Rule = new SelectionRule(SelectionRuleKind.EncryptedRegex, "^(pass|key)$"),
            MacOnlyEncrypted = true,
            ShamirThreshold = 2,
            KeyGroups =
            [
                [MasterKey.Create("age", ("recipient", TestPaths.DemoRecipient), ("enc", "-----BEGIN AGE ENCRYPTED FILE-----\nYWJj\n-----END AGE ENCRYPTED FILE-----\n"))],
                [MasterKey.Create("pgp", ("fp", "FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4"), ("created_at", "2026-01-02T03:04:05Z"), ("enc", "-----BEGIN PGP MESSAGE-----\n\nwcBM\n=7UUe\n-----END PGP MESSAGE-----"))],
            ],
        };
        var store = new TomlStore();

        var written = store.Write([new Mapping([P("a", S("b"))])], MetadataCodec.Write(metadata), null);
        var parsed = store.Parse(written);
        var read = MetadataCodec.Read(parsed.Metadata!);

        Assert.Equal(TreeText.Of(MetadataCodec.Write(metadata)), TreeText.Of(MetadataCodec.Write(read)));
        Assert.Equal(new Scalar(ScalarKind.Int, "2"), parsed.Metadata!["shamir_threshold"]);
        Assert.Equal(new Scalar(ScalarKind.Bool, "true"), parsed.Metadata!["mac_only_encrypted"]);
        var text = Encoding.UTF8.GetString(written);
        Assert.StartsWith("a = \"b\"\n\n[sops]\nencrypted_regex = \"^(pass|key)$\"\nlastmodified = ", text, StringComparison.Ordinal);
        Assert.Contains("\n[[sops.key_groups]]\n\n[[sops.key_groups.age]]\n", text, StringComparison.Ordinal);
        Assert.Contains("\n[[sops.key_groups.age]]\nenc = \"\"\"\n-----BEGIN AGE ENCRYPTED FILE-----\nYWJj\n-----END AGE ENCRYPTED FILE-----\n\"\"\"\nrecipient = ", text, StringComparison.Ordinal);
        Assert.Contains("\n[[sops.key_groups.pgp]]\ncreated_at = ", text, StringComparison.Ordinal);
    }

    [Fact]
    public void NullsAndEmptyListsInTheMetadataAreLeftOut()
    {
        var store = new TomlStore();
        var metadata = new Mapping([P("kms", Scalar.Null), P("lastmodified", S("2026-01-02T03:04:05Z")), P("age", new Sequence([]))]);

        var written = Encoding.UTF8.GetString(store.Write([Mapping.Empty], metadata, null));

        Assert.Equal("[sops]\nlastmodified = \"2026-01-02T03:04:05Z\"\n", written);
    }

    [Fact]
    public void WritingWithoutMetadataRemovesTheSopsTableAndTheLineBreakBeforeIt()
    {
        var store = new TomlStore();
        var parsed = store.Parse("a = 1 # c\n\n[sops]\nversion = \"3.13.2\"\n\n[[sops.age]]\nrecipient = \"r\"\n"u8.ToArray());

        Assert.Equal("{version: String(3.13.2),age: [{recipient: String(r),},],}", TreeText.Of(parsed.Metadata));
        Assert.Equal("a = 1 # c\n", Encoding.UTF8.GetString(store.Write(parsed.Documents, null, parsed)));
    }

    [Fact]
    public void AnAddedKeyFallsBackToAFreshFileWithTheSameTree()
    {
        var store = new TomlStore();
        var parsed = store.Parse(Encoding.UTF8.GetBytes(TomlCorpus.Files["cargo"]));
        var doc = parsed.Documents[0];
        var added = doc with { Items = doc.Items.Add(P("new", S("value"))) };

        var written = store.Write([added], null, parsed);

        // Tables followed by a plain value become dotted keys, so a comment inside one now sits in the
        // table that holds the dotted keys; the values and the comments' order are unchanged.
        Assert.Equal(TreeText.Of(WithoutComments(added)), TreeText.Of(WithoutComments(store.Parse(written).Documents[0])));
        Assert.Equal(Comments(added), Comments(store.Parse(written).Documents[0]));
    }

    private static Node WithoutComments(Node node) => node switch
    {
        Mapping m => new Mapping([.. m.Items.Where(i => i is not Comment).Select(WithoutComments)]),
        Sequence s => new Sequence([.. s.Items.Where(i => i is not Comment).Select(WithoutComments)]),
        Pair p => p with { Value = WithoutComments(p.Value) },
        _ => node,
    };

    private static List<string> Comments(Node node) => node switch
    {
        Mapping m => [.. m.Items.SelectMany(Comments)],
        Sequence s => [.. s.Items.SelectMany(Comments)],
        Pair p => Comments(p.Value),
        Comment c => [c.Text],
        _ => [],
    };

    [Fact]
    public void ADecryptedValueWithABreakGoesIntoABasicStringAsAnEscape()
    {
        var store = new TomlStore();
        var parsed = store.Parse("a = 'x'\nb = '''y'''\nc = 1\n"u8.ToArray());
        var doc = parsed.Documents[0];
        Node Replace(Node item) => item is Pair p ? p with { Value = ((Scalar)p.Value) with { Kind = ScalarKind.String, Text = p.Key == "c" ? "it's" : "l1\nl2'" } } : item;

        var written = Encoding.UTF8.GetString(store.Write([doc with { Items = [.. doc.Items.Select(Replace)] }], null, parsed));

        Assert.Equal("a = \"l1\\nl2'\"\nb = \"\"\"l1\nl2'\"\"\"\nc = \"it's\"\n", written);
    }
}
