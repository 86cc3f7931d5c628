using System.Text;
using SopsNet.Stores;
using SopsNet.Stores.Dotenv;
using SopsNet.Tests.Stores.Flat;
using SopsNet.Tests.Support;
using SopsNet.Tree;

namespace SopsNet.Tests.Stores.Dotenv;

public sealed class DotenvRoundTripTests
{
    private static readonly Dictionary<string, string> Inputs = new()
    {
        ["comments-blank-lines"] = "# database\nDB_HOST=localhost\n\n\n#password below\nDB_PASS=s3cr3t\n\n",
        ["equals-in-values"] = "URL=postgres://u:p@h/db?sslmode=require&a=b\nEMPTY_EQ==\nB64=YWJj==\n",
        ["quotes-kept-verbatim"] = "A=\"quoted value\"\nB='single'\nC=\"unbalanced\nD= spaced \n",
        ["spaces-around-equals"] = "foo = bar\n  indented=x\nTAB\t=\tv\t\n",
        ["unicode"] = "GRÜSSE=héllo wörld ✓ 😀 日本\nключ=значение\n#комментарий\n",
        ["empty-values"] = "EMPTY=\nALSO_EMPTY=\nNOT=x\n",
        ["escaped-newlines"] = "PEM=-----BEGIN-----\\nabc\\ndef\\n-----END-----\\n\nLITERAL=a\\\\nb\n",
        ["crlf"] = "A=1\r\nB=two words\r\n#c\r\n",
        ["no-final-newline"] = "A=1\nB=2",
        ["unencrypted-suffix"] = "PUBLIC_unencrypted=visible\nSECRET=hidden\n",
        ["only-comments"] = "#just\n# comments\n",
        ["hash-not-first"] = "A=#not a comment\n #space first is a key line=yes\n",
        ["empty-file"] = "",
    };

    public static TheoryData<string> InputNames() => [.. Inputs.Keys];

    [Theory]
    [MemberData(nameof(InputNames))]
    public async Task DecryptOfEncryptGivesTheSameBytes(string name)
    {
        var store = new DotenvStore();
        var plain = Encoding.UTF8.GetBytes(Inputs[name]);

        var encrypted = await FlatPipeline.EncryptAsync(store, plain);
        var (decrypted, _, _) = await FlatPipeline.DecryptAsync(store, encrypted);

        Assert.Equal(Inputs[name], Encoding.UTF8.GetString(decrypted));
    }

    [Theory]
    [MemberData(nameof(InputNames))]
    public async Task EncryptedFileHidesValuesAndCommentsButKeepsKeysAndLayout(string name)
    {
        var store = new DotenvStore();
        var encrypted = Encoding.UTF8.GetString(await FlatPipeline.EncryptAsync(store, Inputs[name]));
        var plain = store.Parse(Encoding.UTF8.GetBytes(Inputs[name])).Documents[0];
        var enc = store.Parse(Encoding.UTF8.GetBytes(encrypted)).Documents[0];

        Assert.Equal(plain.Items.Select(i => i is Pair p ? p.Key : "#"), enc.Items.Select(i => i is Pair p ? p.Key : "#"));
        foreach (var (before, after) in plain.Items.Zip(enc.Items))
        {
            var text = before is Pair p ? ((Scalar)p.Value).Text : ((Comment)before).Text;
            var cipher = after is Pair q ? ((Scalar)q.Value).Text : ((Comment)after).Text;
            var clear = text.Length == 0 || (before is Pair bp && bp.Key.EndsWith("_unencrypted", StringComparison.Ordinal));
            Assert.Equal(clear, text == cipher);
            Assert.True(clear || cipher.StartsWith("ENC[AES256_GCM,", StringComparison.Ordinal));
        }

        Assert.Contains("\nsops_age__list_0__map_recipient=" + TestPaths.DemoRecipient + "\n", "\n" + encrypted + "\n");
        Assert.Contains("sops_version=3.13.2", encrypted);
    }

    [Fact]
    public async Task SopsDropsBlankLinesWeKeepThemInTheEncryptedFile()
    {
        var encrypted = Encoding.UTF8.GetString(await FlatPipeline.EncryptAsync(new DotenvStore(), "A=1\n\nB=2\n"));

        Assert.Matches("^A=ENC\\[[^\\n]*\\]\\n\\nB=ENC\\[[^\\n]*\\]\\nsops_", encrypted);
    }

    [Fact]
    public async Task EditingOneValueChangesOnlyItsLineAndTheMetadata()
    {
        var store = new DotenvStore();
        var encrypted = await FlatPipeline.EncryptAsync(store, "# top\nA=1\n\nB=2\nC=3\n");
        var (_, file, parsed) = await FlatPipeline.DecryptAsync(store, encrypted);
        var doc = file.Documents[0];
        var index = doc.Items.IndexOf(doc.Items.OfType<Pair>().Single(p => p.Key == "B"));
        var edited = doc with { Items = doc.Items.SetItem(index, ((Pair)doc.Items[index]) with { Value = Scalar.String("changed") }) };

        var reencrypted = FlatPipeline.Reencrypt(store, file, [edited], parsed);

        var before = Encoding.UTF8.GetString(encrypted);
        var after = Encoding.UTF8.GetString(reencrypted);
        var changed = FlatPipeline.ChangedLines(before, after);
        Assert.Equal(3, changed[0]);
        Assert.All(changed.Skip(1), i => Assert.StartsWith("sops_", after.Split('\n')[i]));
        var (plain, _, _) = await FlatPipeline.DecryptAsync(store, reencrypted);
        Assert.Equal("# top\nA=1\n\nB=changed\nC=3\n", Encoding.UTF8.GetString(plain));
    }

    [Fact]
    public void AddedAndRemovedKeysAreSplicedInPlace()
    {
        var store = new DotenvStore();
        var parsed = store.Parse("A=1\n\nB=2\nC=3"u8.ToArray());
        var doc = parsed.Documents[0];
        var b = doc.Items.OfType<Pair>().Single(p => p.Key == "B");
        var edited = doc with { Items = doc.Items.Remove(b).Insert(1, new Pair("NEW", Scalar.String("multi\nline"))) };

        var written = Encoding.UTF8.GetString(store.Write([edited], null, parsed));

        Assert.Equal("A=1\nNEW=multi\\nline\n\nC=3", written);
    }

    [Fact]
    public void FreshWriteOfConvertedValues()
    {
        var doc = new Mapping(
        [
            new Comment(" from yaml"),
            new Pair("S", Scalar.String("two\nlines")),
            new Pair("I", new Scalar(ScalarKind.Int, "42")),
            new Pair("B", new Scalar(ScalarKind.Bool, "true")),
            new Pair("N", Scalar.Null),
            new Pair("T", new Scalar(ScalarKind.Bool, "True")),
            new Pair("F", new Scalar(ScalarKind.Float, "1")),
            new Pair("E", new Scalar(ScalarKind.Float, "1000000")),
            new Pair("D", new Scalar(ScalarKind.Time, "2024-01-01T00:00:00.5Z")),
        ]);

        // As sops's stores.ValToString spells them (a float keeps a decimal, a time loses its fraction);
        // a null is left empty where sops would print Go's <nil>.
        Assert.Equal("# from yaml\nS=two\\nlines\nI=42\nB=true\nN=\nT=true\nF=1.0\nE=1E+06\nD=2024-01-01T00:00:00Z\n", Encoding.UTF8.GetString(new DotenvStore().Write([doc], null, null)));
    }

    [Theory]
    [InlineData("A=1\nnot a pair\n", 2, 1)]
    [InlineData("A=1\n\r\nB=2\n", 2, 1)]
    [InlineData("é=1\n  x\n", 2, 1)]
    public void ALineWithoutEqualsIsAStoreErrorWithLineAndColumn(string input, int line, int column)
    {
        var ex = Assert.Throws<StoreException>(() => new DotenvStore().Parse(Encoding.UTF8.GetBytes(input)));

        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.Contains("no '='", ex.Message);
        Assert.DoesNotContain("pair", ex.Message);
    }

    [Fact]
    public void InvalidUtf8IsAStoreError()
    {
        var ex = Assert.Throws<StoreException>(() => new DotenvStore().Parse([(byte)'A', (byte)'=', 0xFF, (byte)'\n']));

        Assert.Equal((1, 3), (ex.Line, ex.Column));
    }

    [Fact]
    public void NestedValuesCannotBeWritten()
    {
        var doc = new Mapping([new Pair("db", new Mapping([new Pair("user", Scalar.String("u"))]))]);

        var ex = Assert.Throws<StoreException>(() => new DotenvStore().Write([doc], null, null));

        Assert.Equal("dotenv cannot hold nested values (a mapping or list)", ex.Message);
        Assert.Equal("[\"db\"]", ex.TreePath);
    }

    [Theory]
    [InlineData("sops_x")]
    [InlineData("a=b")]
    [InlineData("#a")]
    [InlineData("a\nb")]
    public void KeysThatWouldReadBackDifferentlyCannotBeWritten(string key)
    {
        var doc = new Mapping([new Pair(key, Scalar.String("v"))]);

        Assert.Throws<StoreException>(() => new DotenvStore().Write([doc], null, null));
    }

    [Fact]
    public void APlaintextFileWithSopsKeysParsesAsMetadataSoEncryptRefusesIt()
    {
        // sops refuses to encrypt a dotenv file with sops_ keys (exit 203, "already encrypted"): the CLI sees the metadata.
        var parsed = new DotenvStore().Parse("A=1\nsops_version=3.13.2\n"u8.ToArray());

        Assert.Equal("{version: String(3.13.2),}", TreeText.Of(parsed.Metadata));
        Assert.Equal("{A: String(1),}", TreeText.Of(parsed.Documents[0]));
    }
}
