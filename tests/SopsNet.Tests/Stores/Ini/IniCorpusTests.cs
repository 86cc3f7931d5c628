using System.Text;
using SopsNet.Engine;
using SopsNet.Metadata;
using SopsNet.Stores.Ini;
using SopsNet.Tests.Stores.Dotenv;
using SopsNet.Tests.Support;
using SopsNet.Tree;

namespace SopsNet.Tests.Stores.Ini;

/// <summary>The store against the INI files sops wrote: 3.13.2 (\n-escaped metadata) and 3.13.1 (""" form).</summary>
public sealed class IniCorpusTests
{
    public static TheoryData<string> Files() =>
        ["functional-tests/res/format.enc.ini", "functional-tests/res/format-2.enc.ini"];

    [Theory]
    [MemberData(nameof(Files))]
    public void DecryptsWithTheVectorDataKeyToExactlyTheExpectedText(string file)
    {
        var store = new IniStore();
        var parsed = store.Parse(File.ReadAllBytes(TestPaths.Corpus("sops/" + file)));
        var metadata = MetadataCodec.Read(parsed.Metadata!);

        var decrypted = SopsEngine.Decrypt(parsed.Documents, metadata, DotenvCorpusTests.VectorKey(file), ignoreMac: false);

        Assert.Equal("[foo]\nbar = baz\n", Encoding.UTF8.GetString(store.Write(decrypted.Documents, null, parsed)));
        Assert.Equal("[foo]\nbar = baz\n", Encoding.UTF8.GetString(store.Write(decrypted.Documents, null, null)));
        JsonTree.AssertEqual(File.ReadAllText(TestPaths.Corpus("expected/" + file + ".json")), "{\"foo\":" + DotenvCorpusTests.AsJson((Mapping)decrypted.Documents[0]["foo"]!) + "}");
        Assert.Equal(["foo"], decrypted.Documents[0].Pairs.Select(p => p.Key));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void BothMetadataFormsReadToTheSameArmoredKey(string file)
    {
        var parsed = new IniStore().Parse(File.ReadAllBytes(TestPaths.Corpus("sops/" + file)));

        var pgp = Assert.Single(Assert.Single(MetadataCodec.Read(parsed.Metadata!).KeyGroups));

        Assert.StartsWith("-----BEGIN PGP MESSAGE-----\n\nwcBM", pgp.Enc);
        Assert.EndsWith("\n-----END PGP MESSAGE-----", pgp.Enc);
        Assert.DoesNotContain("\\n", pgp.Enc);
        Assert.Equal("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4", pgp.Field("fp"));
    }

    [Fact]
    public void The3132FileRewritesByteForByte()
    {
        var store = new IniStore();
        var bytes = File.ReadAllBytes(TestPaths.Corpus("sops/functional-tests/res/format.enc.ini"));
        var parsed = store.Parse(bytes);
        var expected = Encoding.UTF8.GetString(bytes);

        Assert.Equal(expected, Encoding.UTF8.GetString(store.Write(parsed.Documents, parsed.Metadata, parsed)));
        Assert.Equal(expected, Encoding.UTF8.GetString(store.Write(parsed.Documents, parsed.Metadata, null)));
        var model = MetadataCodec.Write(MetadataCodec.Read(parsed.Metadata!));
        Assert.Equal(expected, Encoding.UTF8.GetString(store.Write(parsed.Documents, model, parsed)));
    }

    [Fact]
    public void The3131TripleQuotedFileIsRewrittenInThe3132Layout()
    {
        var store = new IniStore();
        var parsed = store.Parse(File.ReadAllBytes(TestPaths.Corpus("sops/functional-tests/res/format-2.enc.ini")));

        var written = Encoding.UTF8.GetString(store.Write(parsed.Documents, parsed.Metadata, parsed));

        Assert.DoesNotContain("\"\"\"", written);
        Assert.Contains("\npgp__list_0__map_enc        = -----BEGIN PGP MESSAGE-----\\n\\nwcBM", written);
        Assert.StartsWith("[foo]\nbar = ENC[AES256_GCM,data:sYUq,", written);
        Assert.Equal(TreeText.Of(parsed.Metadata), TreeText.Of(store.Parse(Encoding.UTF8.GetBytes(written)).Metadata));
    }
}
