using System.Text;
using CsCheck;
using SopsNet.Documents;
using SopsNet.Engine;
using SopsNet.Metadata;
using SopsNet.Selection;
using SopsNet.Stores;
using SopsNet.Stores.Json;
using SopsNet.Tests.Properties;
using SopsNet.Tests.Support;
using Xunit;
using static SopsNet.Tests.Stores.ChunkedEncryptionTests;

namespace SopsNet.Tests.Stores;

/// <summary>
/// Encrypting a JSON file one top-level member at a time (<see cref="PlainEntries"/>, what <c>sopsnet encrypt</c>
/// does with a large file) must write exactly the bytes, and report exactly the warnings, of the whole-file
/// writing given the same data key and randomness, on every JSON file of the repository and on generated ones;
/// whatever might not lay out as the whole file does it must leave to the whole-file reading (null) before any
/// key is wrapped. And its check must pass on nothing that does not read back as meant.
/// </summary>
public sealed class ChunkedJsonEncryptionTests
{
    private static readonly JsonStore Json = new();

    public static TheoryData<string> JsonChunked() =>
    [
        "{\n    \"a\": 1\n}\n",
        "{\n\t\"a\": \"secret\",\n\t\"b\": {\"c\": [1, 2.5, true, null, \"x\"]},\n\t\"esc\\\"aped\": \"q\\\"u\\\\o}te\"\n}\n",
        "{\r\n  \"a\": \"x\",\r\n  \"b\": [\r\n    1\r\n  ]\r\n}\r\n",
        "  {\n  \"a\" :1 ,\n  \"b\":[ {\"c\": \"}\"} ],\n  \"a\": 2 }  \n\n",
        "{\n    \"pw\": \"hunter2\",\n    \"name_unencrypted\": \"visible\",\n    \"n\": -1e3,\n    \"e\": {},\n    \"l\": []\n}",
        "{\n  \"é\": \"\\u00e9t\\/é\",\n  \"x\": {\n    \"y\": \"\\u0041\"\n  }\n\n}\n",
        "{\n    \"a\": {\n        \"sops\": {\"version\": \"3.9.0\"}\n    },\n    \"b\": \"\"\n}\n",
    ];

    [Theory]
    [MemberData(nameof(JsonChunked))]
    public async Task CommonJsonFilesEncryptByMemberExactlyAsWhole(string json)
    {
        Assert.True(await AssertSameAsWholeAsync(Json, Encoding.UTF8.GetBytes(json), SelectionRule.Default, macOnly: false), "the file was not encrypted member by member");
    }

    [Theory]
    [InlineData("{\"a\": 1, \"b\": 2}\n")]                          // on one line: the sops member is laid out afresh
    [InlineData("{\n  \"a\": 1,\n    \"b\": 2\n}\n")]               // members with different leading blanks
    [InlineData("{\n  \"a\": 1, \"b\": 2\n}\n")]
    [InlineData("\uFEFF{\n  \"a\": 1\n}\n")]                        // a byte order mark
    [InlineData("{}\n")]
    [InlineData("{\n  \"a\": 1,\n  \"sops\": {\"version\": \"3.9.0\"}\n}\n")] // already encrypted
    [InlineData("{\n  \"a\": 1,\n  \"sop\\u0073\": {}\n}\n")]        // the same, spelt otherwise
    [InlineData("{\n  \"a\": [1,\n  \"b\": 2\n}\n")]                // a parse error
    [InlineData("{\n  \"a\": 01\n}\n")]
    [InlineData("{\n  \"a\": 1\n}\n}\n")]                           // text after the object
    [InlineData("[1, 2]\n")]
    public void OtherShapesAreLeftToTheWholeFileReading(string json)
    {
        Assert.Null(PlainEntries.TryParse(Json, Encoding.UTF8.GetBytes(json)));
    }

    [Fact]
    public async Task WarningsNameTheLinesOfTheWholeFile()
    {
        var content = "{\n    \"a\": 1,\n    \"b\": {\n        \"c\": \"\\u0041\"\n    },\n    \"d\": \"\\/x\"\n}\n"u8.ToArray();
        Assert.True(await AssertSameAsWholeAsync(Json, content, SelectionRule.Default, macOnly: false));
        var warnings = new List<StoreWarning>();
        Assert.NotNull(PlainEntries.TryParse(Json, content, warning: warnings.Add));
        Assert.Equal([(4, 14), (6, 10)], warnings.Select(w => (w.Line, w.Column)));
    }

    [Fact]
    public async Task TheOutputDecryptsToThePlaintext()
    {
        var content = Encoding.UTF8.GetBytes("{\n" + string.Join(",\n", Enumerable.Range(0, 300).Select(i =>
            $"    \"service_{i}\": {{\n        \"password\": \"secret-{i}\",\n        \"port\": {i},\n        \"hosts\": [\"a{i}\", \"b{i}\"]\n    }}")) + "\n}\n");
        var write = await PlainEntries.TryParse(Json, content)!.EncryptAsync(Settings(SelectionRule.Default, macOnly: false), ChunkedEncryptionTests.Keys);
        var output = new MemoryStream();
        write!(output);

        Assert.DoesNotContain("secret-1", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
        var decrypted = await SopsDocument.TryDecryptTextAsync(Json, output.ToArray(), ChunkedEncryptionTests.Keys);
        Assert.Equal(content, decrypted!.Content.ToArray());
    }

    [Fact]
    public async Task EveryJsonFileInTheRepositoryEncryptsTheSameByMember()
    {
        var files = TestPaths.RepositoryFiles(".json");
        var chunked = 0;
        foreach (var file in files)
        {
            chunked += await AssertSameAsWholeAsync(Json, File.ReadAllBytes(file), SelectionRule.Default, macOnly: false, file) ? 1 : 0;
        }

        Assert.True(chunked >= 5, $"only {chunked} of {files.Count} files were encrypted member by member");
    }

    [Fact]
    public void GeneratedJsonEncryptsTheSameByMember()
    {
        var chunked = 0;
        Gen.Select(JsonSourceGen.Document, SourceText.Rule).Sample(c =>
        {
            chunked += AssertSameAsWholeAsync(Json, Encoding.UTF8.GetBytes(c.Item1), c.Item2.Rule, c.Item2.MacOnly).GetAwaiter().GetResult() ? 1 : 0;
        }, iter: 300, threads: 1);
        Assert.True(chunked > 20, $"only {chunked} generated files were encrypted member by member");
    }

    [Fact]
    public async Task TheCheckPassesOnOnlyWhatReadsBackAsMeant()
    {
        var format = new JsonEntryFormat(Json);
        var (fresh, dataKey) = await ChunkedEncryptionTests.Engine(1).NewDataKeyAsync(Settings(SelectionRule.Default, macOnly: false), CancellationToken.None);
        var a = Json.Parse("{\n    \"a\": \"first-secret\"}"u8.ToArray());
        var b = Json.Parse("{\n    \"b\": \"second-secret\"}"u8.ToArray());
        using var encryptor = ChunkedEncryptionTests.Engine(1).NewEncryptor(fresh, dataKey, null);
        var encryptedA = "{"u8.ToArray().Concat(format.Write(encryptor.Encrypt(a.Documents[0]), a, null)!).ToArray();
        var encryptedBTree = encryptor.Encrypt(b.Documents[0]);
        var sealedMetadata = ChunkedEncryptionTests.Engine(1).Seal(fresh, dataKey, encryptor.FinishMac());
        byte[] Last(byte[] member) => [(byte)',', .. member, .. "\n}\n"u8];

        // A value left in clear: refused before anything of it is handed on.
        var accepted = new List<string>();
        using (var check = new EntryOutputCheck(format, fresh, dataKey, p => accepted.Add(Encoding.UTF8.GetString(p))))
        {
            check.Add(encryptedA, a.Documents[0], () => null, fresh);
            var leak = Assert.Throws<SopsException>(() => check.Add(Last("\n    \"b\": \"second-secret\""u8.ToArray()), b.Documents[0], () => null, fresh));
            Assert.Equal(SopsError.ErrorDumpingTree, leak.Error);
            Assert.Contains("[\"b\"]", leak.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("second-secret", leak.Message, StringComparison.Ordinal);
        }

        Assert.Empty(accepted);

        // A value that decrypts to something else (a's ciphertext under b): its member is never handed on.
        using (var check = new EntryOutputCheck(format, fresh, dataKey, p => accepted.Add(Encoding.UTF8.GetString(p))))
        {
            check.Add(encryptedA, a.Documents[0], () => null, fresh);
            check.Add(Last(Encoding.UTF8.GetBytes("\n    \"b\"" + Encoding.UTF8.GetString(encryptedA)["{\n    \"a\"".Length..])), b.Documents[0], () => null, fresh);
            Assert.Single(accepted); // a, complete once its comma came; b waits for the end
            var error = Assert.Throws<SopsException>(() => check.Finish(sealedMetadata));
            Assert.Equal(SopsError.ErrorDumpingTree, error.Error);
            Assert.True(error.Message.Contains("does not decrypt", StringComparison.Ordinal), error.Message);
            Assert.Single(accepted);
        }

        // No sops member at the end, then a MAC that is not the values': refused at the end.
        accepted.Clear();
        using (var check = new EntryOutputCheck(format, fresh, dataKey, p => accepted.Add(Encoding.UTF8.GetString(p))))
        {
            check.Add(encryptedA, a.Documents[0], () => null, fresh);
            check.Add(Last(format.Write(encryptedBTree, b, null)!), b.Documents[0], () => null, fresh);
            var error = Assert.Throws<SopsException>(() => check.Finish(sealedMetadata));
            Assert.Contains("[\"sops\"]: is missing", error.Message, StringComparison.Ordinal);
            Assert.DoesNotContain(accepted, p => p.Contains("\"b\"", StringComparison.Ordinal));
        }

        var otherMac = ChunkedEncryptionTests.Engine(1).Seal(fresh, dataKey, new string('0', 128));
        using (var check = new EntryOutputCheck(format, fresh, dataKey, _ => { }))
        {
            check.Add(encryptedA, a.Documents[0], () => null, fresh);
            check.Add(Last(format.Write(encryptedBTree, b, MetadataCodec.Write(otherMac))!), b.Documents[0], () => null, otherMac);
            Assert.Contains("[\"sops\"][\"mac\"]", Assert.Throws<SopsException>(() => check.Finish(otherMac)).Message, StringComparison.Ordinal);
        }

        // The right MAC: the whole output, closing brace included, is handed on.
        accepted.Clear();
        using (var check = new EntryOutputCheck(format, fresh, dataKey, p => accepted.Add(Encoding.UTF8.GetString(p))))
        {
            check.Add(encryptedA, a.Documents[0], () => null, fresh);
            check.Add(Last(format.Write(encryptedBTree, b, MetadataCodec.Write(sealedMetadata))!), b.Documents[0], () => null, sealedMetadata);
            check.Finish(sealedMetadata);
            Assert.EndsWith("\n}\n", string.Concat(accepted), StringComparison.Ordinal);
            Assert.StartsWith("{\n    \"a\"", string.Concat(accepted), StringComparison.Ordinal);
        }
    }
}
