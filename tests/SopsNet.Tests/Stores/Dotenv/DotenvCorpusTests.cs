using System.Text;
using System.Text.Json;
using SopsNet.Engine;
using SopsNet.Metadata;
using SopsNet.Stores.Dotenv;
using SopsNet.Tests.Stores.Flat;
using SopsNet.Tests.Support;
using SopsNet.Tree;

namespace SopsNet.Tests.Stores.Dotenv;

/// <summary>The store against the dotenv files sops itself wrote (read in place from the shared corpus).</summary>
public sealed class DotenvCorpusTests
{
    private const string FormatEnc = "sops/functional-tests/res/format.enc.env";
    private const string AgeAdded = "age-added/ft-format.age-added.env";

    [Fact]
    public void FormatEncEnvParsesWithTheVerbatimKeyAndItsMetadata()
    {
        var parsed = new DotenvStore().Parse(File.ReadAllBytes(TestPaths.Corpus(FormatEnc)));

        var pair = Assert.IsType<Pair>(Assert.Single(parsed.Documents[0].Items));
        Assert.Equal("foo ", pair.Key);
        Assert.StartsWith("ENC[AES256_GCM,data:XBV7lQ==,", ((Scalar)pair.Value).Text);
        var meta = MetadataCodec.Read(parsed.Metadata!);
        Assert.Equal("2026-05-22T20:15:29Z", meta.LastModified);
        Assert.Equal("3.13.1", meta.Version);
        var pgp = Assert.Single(Assert.Single(meta.KeyGroups));
        Assert.Equal("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4", pgp.Field("fp"));
        Assert.StartsWith("-----BEGIN PGP MESSAGE-----\n\nwcBM", pgp.Enc);
        Assert.EndsWith("-----END PGP MESSAGE-----", pgp.Enc);
    }

    [Fact]
    public void FormatEncEnvDecryptsWithTheVectorDataKeyToExactlyFooEqualsBar()
    {
        var store = new DotenvStore();
        var parsed = store.Parse(File.ReadAllBytes(TestPaths.Corpus(FormatEnc)));
        var key = VectorKey("functional-tests/res/format.enc.env");

        var file = SopsEngine.Decrypt(parsed.Documents, MetadataCodec.Read(parsed.Metadata!), key, ignoreMac: false);

        Assert.Equal("foo = bar\n", Encoding.UTF8.GetString(store.Write(file.Documents, null, parsed)));
        Assert.Equal("foo = bar\n", Encoding.UTF8.GetString(store.Write(file.Documents, null, null)));
        JsonTree.AssertEqual(File.ReadAllText(TestPaths.Corpus("expected/functional-tests/res/format.enc.env.json")), AsJson(file.Documents[0]));
    }

    [Fact]
    public async Task AgeAddedTwinDecryptsWithOnlyTheAgeIdentityMacVerified()
    {
        var (plain, file, _) = await FlatPipeline.DecryptAsync(new DotenvStore(), File.ReadAllBytes(TestPaths.Corpus(AgeAdded)), TestPaths.CorpusIdentity);

        Assert.Equal("foo = bar\n", Encoding.UTF8.GetString(plain));
        Assert.Equal(VectorKey("functional-tests/res/format.enc.env"), file.DataKey);
    }

    [Fact]
    public void RewritingTheParsedMetadataReproducesTheSopsFileByteForByte()
    {
        var store = new DotenvStore();
        var bytes = File.ReadAllBytes(TestPaths.Corpus(FormatEnc));
        var parsed = store.Parse(bytes);

        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(store.Write(parsed.Documents, parsed.Metadata, parsed)));
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(store.Write(parsed.Documents, parsed.Metadata, null)));

        // The model's own 3.13 rendering gives the same lines too.
        var model = MetadataCodec.Write(MetadataCodec.Read(parsed.Metadata!));
        Assert.Equal(Encoding.UTF8.GetString(bytes), Encoding.UTF8.GetString(store.Write(parsed.Documents, model, null)));
    }

    [Fact]
    public void AgeAddedMetadataIsRewrittenInTheSortedOrder()
    {
        var store = new DotenvStore();
        var parsed = store.Parse(File.ReadAllBytes(TestPaths.Corpus(AgeAdded)));

        var lines = Encoding.UTF8.GetString(store.Write(parsed.Documents, parsed.Metadata, parsed)).Split('\n');

        Assert.Equal(
        [
            "foo ", "sops_age__list_0__map_enc", "sops_age__list_0__map_recipient", "sops_lastmodified", "sops_mac",
            "sops_pgp__list_0__map_created_at", "sops_pgp__list_0__map_enc", "sops_pgp__list_0__map_fp",
            "sops_unencrypted_suffix", "sops_version", "",
        ], lines.Select(l => l.Split('=')[0]));
    }

    internal static byte[] VectorKey(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(TestPaths.Corpus("derived-vectors/" + file + ".vectors.json")));
        return Convert.FromHexString(doc.RootElement.GetProperty("test_data_key_hex").GetString()!);
    }

    internal static string AsJson(Mapping m)
    {
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            Write(w, m);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter w, Node node)
    {
        switch (node)
        {
            case Mapping m:
                w.WriteStartObject();
                foreach (var p in m.Pairs)
                {
                    w.WritePropertyName(p.Key);
                    Write(w, p.Value);
                }

                w.WriteEndObject();
                break;
            case Scalar s:
                w.WriteStringValue(s.Text);
                break;
        }
    }
}
