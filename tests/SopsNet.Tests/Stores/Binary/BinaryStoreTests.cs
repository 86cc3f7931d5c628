using System.Text;
using System.Text.Json;
using SopsNet.Engine;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Stores.Binary;
using SopsNet.Tests.Support;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Binary;

public sealed class BinaryStoreTests
{
    public static TheoryData<string, byte[]> Contents() => new()
    {
        { "text", "hello\nworld\n"u8.ToArray() },
        { "empty", [] },
        { "invalid-utf8", [0x66, 0x6F, 0xFF, 0xFE, 0x80, 0x6F, 0xC3] },
        { "nul-and-control", [0x00, 0x01, 0x00, 0x7F, 0x0A, 0x00] },
        { "crlf-no-final-newline", "line one\r\nline two\r\nlast"u8.ToArray() },
        { "bom", [0xEF, 0xBB, 0xBF, 0x61, 0x0A] },
        { "unicode", "ключ ✓ 😀 日本\n"u8.ToArray() },
        { "all-bytes", [.. Enumerable.Range(0, 256).Select(i => (byte)i), .. Enumerable.Range(0, 256).Select(i => (byte)(255 - i))] },
        { "plain-json", "{\n  \"data\": \"x\",\n  \"other\": 1\n}\n"u8.ToArray() },
        { "not-json-brace", "{ not json at all"u8.ToArray() },
        { "pem", "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7\n-----END PRIVATE KEY-----\n"u8.ToArray() },
    };

    [Theory]
    [MemberData(nameof(Contents))]
    public async Task AnyBytesRoundTripExactlyThroughTheRealEngine(string name, byte[] content)
    {
        var store = new BinaryStore();

        var encrypted = await AgeFileCipher.EncryptAsync(store, content, writeRule: false);
        var decrypted = await AgeFileCipher.DecryptAsync(store, encrypted);

        Assert.True(content.AsSpan().SequenceEqual(decrypted), $"{name}: decrypted bytes differ");
    }

    [Theory]
    [MemberData(nameof(Contents))]
    public async Task TheEncryptedFileIsSopsJsonWithDataThenSops(string name, byte[] content)
    {
        var encrypted = await AgeFileCipher.EncryptAsync(new BinaryStore(), content, writeRule: false);

        var text = Encoding.UTF8.GetString(encrypted);
        Assert.StartsWith("{\n\t\"data\": \"", text, StringComparison.Ordinal);
        Assert.EndsWith("\n}\n", text, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(encrypted);
        Assert.Equal(["data", "sops"], json.RootElement.EnumerateObject().Select(p => p.Name));
        var data = json.RootElement.GetProperty("data").GetString()!;
        if (content.Length == 0)
        {
            Assert.Equal("", data);
        }
        else
        {
            Assert.Matches(@"^ENC\[AES256_GCM,data:[A-Za-z0-9+/=]+,iv:[A-Za-z0-9+/=]+,tag:[A-Za-z0-9+/=]+,type:str\]$", data);
        }

        var sops = json.RootElement.GetProperty("sops");
        Assert.Equal(JsonValueKind.Array, sops.GetProperty("age").ValueKind);
        Assert.False(sops.TryGetProperty("unencrypted_suffix", out _), name + ": the binary store writes no selection rule (sops >= 3.11)");
    }

    [Fact]
    public async Task TheJsonIndentationSettingApplies()
    {
        var encrypted = await AgeFileCipher.EncryptAsync(new BinaryStore(2), "x"u8.ToArray(), writeRule: false);

        Assert.StartsWith("{\n  \"data\": \"ENC[", Encoding.UTF8.GetString(encrypted), StringComparison.Ordinal);
        Assert.Contains("\n  \"sops\": {\n    \"age\": [\n", Encoding.UTF8.GetString(encrypted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheMacIsTheSha512OfTheRawBytes()
    {
        byte[] content = [0x00, 0xFF, 0x41, 0x0D, 0x0A];
        var encrypted = await AgeFileCipher.EncryptAsync(new BinaryStore(), content, writeRule: false);

        var file = await AgeFileCipher.OpenAsync(new BinaryStore(), encrypted);

        var mac = Encoding.UTF8.GetString(ValueCipherOpen(file.Metadata.Mac!, file.DataKey, file.Metadata.LastModified));
        Assert.Equal(Convert.ToHexString(System.Security.Cryptography.SHA512.HashData(content)), mac);
    }

    [Fact]
    public void TheSopsCorpusFileDecryptsToTheExpectedTextWithItsMacVerified()
    {
        var store = new BinaryStore();
        var parsed = store.Parse(File.ReadAllBytes(TestPaths.Corpus("sops/example.txt")));
        using var vectors = JsonDocument.Parse(File.ReadAllBytes(TestPaths.Corpus("derived-vectors/example.txt.vectors.json")));
        using var expected = JsonDocument.Parse(File.ReadAllBytes(TestPaths.Corpus("expected/example.txt.json")));
        var dataKey = Convert.FromHexString(vectors.RootElement.GetProperty("test_data_key_hex").GetString()!);

        var file = SopsEngine.Decrypt(parsed.Documents, MetadataCodec.Read(parsed.Metadata!), dataKey, ignoreMac: false);
        var plain = store.Write(file.Documents, null, parsed);

        Assert.Equal(expected.RootElement.GetProperty("data").GetString(), Encoding.UTF8.GetString(plain));
    }

    [Fact]
    public void PlaintextIsOneDataStringHoldingTheWholeFile()
    {
        var parsed = new BinaryStore().Parse("a: 1\n# not yaml here\n"u8.ToArray());

        Assert.Null(parsed.Metadata);
        var pair = Assert.IsType<Pair>(Assert.Single(parsed.Documents[0].Items));
        Assert.Equal("data", pair.Key);
        Assert.Equal(Scalar.String("a: 1\n# not yaml here\n"), pair.Value);
    }

    [Fact]
    public void InvalidUtf8KeepsItsBytesInRaw()
    {
        byte[] content = [0x61, 0xFF, 0x62];

        var data = (Scalar)new BinaryStore().Parse(content).Documents[0]["data"]!;

        Assert.Equal(content, data.Raw);
        Assert.Equal(ScalarKind.String, data.Kind);
    }

    [Fact]
    public void AJsonFileWithoutSopsMetadataIsPlaintext()
    {
        var content = "{\"data\": \"x\", \"notsops\": {}}"u8.ToArray();

        var parsed = new BinaryStore().Parse(content);

        Assert.Null(parsed.Metadata);
        Assert.Equal(Scalar.String("{\"data\": \"x\", \"notsops\": {}}"), parsed.Documents[0]["data"]);
    }

    [Fact]
    public void WritingPlaintextWithoutADataStringIsAnError()
    {
        var store = new BinaryStore();

        var missing = Assert.Throws<StoreException>(() => store.Write([Mapping.Empty], null, null));
        var notString = Assert.Throws<StoreException>(() => store.Write([new Mapping([new Pair("data", new Scalar(ScalarKind.Int, "1"))])], null, null));

        Assert.Contains("no data value", missing.Message, StringComparison.Ordinal);
        Assert.Contains("must be a string", notString.Message, StringComparison.Ordinal);
    }

    private static byte[] ValueCipherOpen(string envelope, byte[] key, string aad)
    {
        Assert.True(SopsNet.Crypto.EncryptedValue.TryParse(envelope, out var value));
        return SopsNet.Crypto.ValueCipher.Decrypt(value, key, aad);
    }
}
