using System.Text;
using CsCheck;
using SopsNet.Documents;
using SopsNet.Keys;
using SopsNet.Selection;
using SopsNet.Stores.Json;
using SopsNet.Tests.Properties;
using SopsNet.Tests.Support;
using Xunit;
using static SopsNet.Tests.Stores.ChunkedDecryptionTests;

namespace SopsNet.Tests.Stores;

/// <summary>
/// A JSON file decrypted for printing is read in a window, its sops member from the end and then its data
/// members from the start (<see cref="SopsDocument.TryDecryptTextAsync(SopsNet.Stores.IStore, Stream, SopsNet.Keys.KeyRing, bool, CancellationToken)"/>):
/// it must give exactly the bytes the whole-file reading gives, and leave whatever it cannot read that way
/// (null) to the whole-file reading, which then reports it as it always has.
/// </summary>
public sealed class ChunkedJsonDecryptionTests
{
    private static readonly JsonStore Json = new();

    private static KeyRing Keys => TestEncryption.Keys;

    public static TheoryData<string> JsonChunked() =>
    [
        "{\"a\": 1}",
        "{\n\t\"a\": \"secret\",\n\t\"b\": {\"c\": [1, 2.5, true, null, \"x\"]},\n\t\"esc\\\"aped\": \"q\\\"u\\\\o}te\"\n}\n",
        "  {  \"a\" :1 , \"b\":[ {\"c\": \"}\"} ],\"a\": 2 }  \n\n",
        "{\n    \"pw\": \"hunter2\",\n    \"name_unencrypted\": \"visible\",\n    \"n\": -1e3,\n    \"e\": {}\n}\n",

        // Text a search for the sops key from the end could take for it, in the last data member.
        "{\"a\": 1, \"note\": \"the \\\"sops\\\": {} block\", \"x\\\"sops\": {\"\\\"sops\\\"\": \"\\\"sops\\\":\"}}\n",
    ];

    [Theory]
    [MemberData(nameof(JsonChunked))]
    public async Task CommonJsonFilesDecryptByMemberExactlyAsWhole(string json)
    {
        var encrypted = await EncryptAsync(Json, Encoding.UTF8.GetBytes(json), SelectionRule.Default, macOnly: false);
        Assert.True(await AssertSameAsWholeAsync(Json, encrypted!), "the file was not read member by member");
    }

    [Fact]
    public async Task AJsonFileWithOnlyItsSopsMemberIsLeftToTheWholeFileReading()
    {
        var encrypted = await EncryptAsync(Json, "{}"u8.ToArray(), SelectionRule.Default, macOnly: false);
        Assert.Null(await SopsDocument.TryDecryptTextAsync(Json, encrypted!, Keys));
    }

    [Fact]
    public void GeneratedJsonDecryptsTheSameByMember()
    {
        var chunked = 0;
        Gen.Select(JsonSourceGen.Document, SourceText.Rule).Sample(c =>
        {
            var encrypted = EncryptAsync(Json, Encoding.UTF8.GetBytes(c.Item1), c.Item2.Rule, c.Item2.MacOnly).GetAwaiter().GetResult();
            chunked += encrypted is not null && AssertSameAsWholeAsync(Json, encrypted).GetAwaiter().GetResult() ? 1 : 0;
        }, iter: 200, threads: 1);
        Assert.True(chunked > 20, $"only {chunked} generated files were read member by member");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(64 * 1024)]
    public async Task AMemberLongerThanTheWindowIsReadWhole(int window)
    {
        var long1 = string.Join(",\n", Enumerable.Range(0, 3000).Select(i => $"        \"k{i}\": \"value number {i}\""));
        var json = $"{{\n    \"small\": 1,\n    \"big\": {{\n{long1}\n    }},\n    \"after\": [1, 2]\n}}\n";
        var encrypted = (await EncryptAsync(Json, Encoding.UTF8.GetBytes(json), SelectionRule.Default, macOnly: false))!;
        Assert.True(encrypted.Length > 2 * 64 * 1024, "the member is not longer than the window");

        var streamed = await StreamAsync(encrypted, window);

        Assert.NotNull(streamed);
        Assert.Equal(json, Encoding.UTF8.GetString(streamed.Content.Span));
    }

    [Fact]
    public async Task ASopsMemberBeforeDataIsLeftToTheWholeFileReading()
    {
        var text = await EncryptedTextAsync("{\n    \"a\": \"first\",\n    \"b\": \"second\"\n}\n");
        var b = text.IndexOf("\"b\"", StringComparison.Ordinal);
        var sops = text.IndexOf("\"sops\"", StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        var moved = Encoding.UTF8.GetBytes(text[..b] + text[sops..end].TrimEnd() + ",\n    " + text[b..sops].TrimEnd().TrimEnd(',') + "\n}\n");

        Assert.Null(await StreamAsync(moved, 7));
        Assert.Equal("{\n    \"a\": \"first\",\n    \"b\": \"second\"\n}\n", Encoding.UTF8.GetString((await SopsDocument.OpenAsync(Json, moved, Keys)).Decrypted(verify: false)));
    }

    [Fact]
    public async Task AKeyEndingInSopsIsNotTakenForTheSopsMember()
    {
        // The last "sops": of this file is the end of the key x"sops, whose value is the real metadata: the
        // tail reads as a sops member and gives the data key, but the split from the start finds it inside a
        // key. Taken at its word, "a" alone would be printed for a file that has no sops member.
        var text = await EncryptedTextAsync("{\"a\": \"first\"}\n");
        var disguised = Encoding.UTF8.GetBytes(text.Replace("\"sops\":", "\"x\\\"sops\":", StringComparison.Ordinal));

        Assert.Null(await StreamAsync(disguised, 7));
        Assert.Null(await StreamAsync(disguised, 64 * 1024));
        await Assert.ThrowsAsync<SopsException>(() => SopsDocument.OpenAsync(Json, disguised, Keys));
    }

    [Fact]
    public async Task AFileCutAnywhereReadsAsTheWholeFileReadingReadsIt()
    {
        var encrypted = Encoding.UTF8.GetBytes(await EncryptedTextAsync("{\"a\": \"first\", \"b\": {\"c\": \"second\"}, \"d\": \"third\"}\n"));
        var read = 0;
        for (var cut = 1; cut < encrypted.Length; cut += 3)
        {
            var truncated = encrypted[..^cut];
            var streamed = await StreamAsync(truncated, 7);
            if (streamed is not null)
            {
                read++;
                Assert.Equal((await SopsDocument.OpenAsync(Json, truncated, Keys)).Decrypted(verify: false), streamed.Content.ToArray());
            }
        }

        // Only a cut of the final newline leaves a file that still reads.
        Assert.Equal(1, read);
    }

    [Fact]
    public async Task AFileCutShortWhileItIsReadIsLeftToTheWholeFileReading()
    {
        var encrypted = Encoding.UTF8.GetBytes(await EncryptedTextAsync("{\"a\": \"first\", \"b\": \"second\", \"c\": \"third\"}\n"));
        var stream = new SwappingStream(encrypted, encrypted[..20]);

        Assert.Null(await SopsDocument.TryDecryptTextAsync(Json, stream, Keys, ignoreMac: false, 7, CancellationToken.None));
        Assert.True(stream.Swapped, "the start was not read after the end");
    }

    [Fact]
    public async Task AFileChangedBetweenReadingItsEndAndItsStartFailsTheMac()
    {
        var text = await EncryptedTextAsync("{\n    \"a\": \"first\",\n    \"b\": \"second\",\n    \"c\": \"third\"\n}\n");
        var a = text.IndexOf("\"a\"", StringComparison.Ordinal);
        var b = text.IndexOf("\"b\"", StringComparison.Ordinal);
        var c = text.IndexOf("\"c\"", StringComparison.Ordinal);

        // Each value still authenticates at its own key, but the values are in another order than the MAC's;
        // the sops member stays where it was.
        var reordered = Encoding.UTF8.GetBytes(text[..a] + text[b..c] + text[a..b] + text[c..]);
        var stream = new SwappingStream(Encoding.UTF8.GetBytes(text), reordered);

        Assert.Null(await SopsDocument.TryDecryptTextAsync(Json, stream, Keys, ignoreMac: false, 7, CancellationToken.None));
        Assert.True(stream.Swapped, "the start was not read after the end");
        var e = await Assert.ThrowsAsync<SopsException>(() => SopsDocument.OpenAsync(Json, reordered, Keys));
        Assert.Equal(SopsError.MacMismatch, e.Error);
        Assert.NotNull(await SopsDocument.TryDecryptTextAsync(Json, new SwappingStream(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(text)), Keys, ignoreMac: false, 7, CancellationToken.None));
    }

    [Fact]
    public async Task AFileOfSops39WithoutAFinalNewlineIsPrintedWithOne()
    {
        // sops 3.9 and earlier wrote JSON without a final newline; sops 3.10 and later print one on decrypt.
        var encrypted = File.ReadAllBytes(TestPaths.Corpus("age-added/example.age-added.json"));
        Assert.NotEqual((byte)'\n', encrypted[^1]);

        var streamed = await StreamAsync(encrypted, 7);

        Assert.NotNull(streamed);
        Assert.Equal((byte)'\n', streamed.Content.Span[^1]);
        Assert.Equal((await SopsDocument.OpenAsync(Json, encrypted, Keys)).Decrypted(verify: false), streamed.Content.ToArray());
    }

    private static Task<DecryptedText?> StreamAsync(byte[] encrypted, int window) =>
        SopsDocument.TryDecryptTextAsync(Json, new MemoryStream(encrypted), Keys, ignoreMac: false, window, CancellationToken.None);

    private static async Task<string> EncryptedTextAsync(string json) =>
        Encoding.UTF8.GetString((await EncryptAsync(Json, Encoding.UTF8.GetBytes(json), SelectionRule.Default, macOnly: false))!);
}
