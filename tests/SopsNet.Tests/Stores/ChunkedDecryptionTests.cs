using System.Text;
using CsCheck;
using SopsNet.Age;
using SopsNet.Documents;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Selection;
using SopsNet.Stores;
using SopsNet.Stores.Json;
using SopsNet.Stores.Yaml;
using SopsNet.Tests.Properties;
using SopsNet.Tests.Support;
using Xunit;

namespace SopsNet.Tests.Stores;

/// <summary>
/// Decrypting a YAML or JSON file one top-level entry at a time (<see cref="SopsDocument.TryDecryptTextAsync"/>,
/// what <c>sopsnet decrypt</c> prints) must give exactly the bytes and warnings the whole-file reading gives, on
/// every YAML and JSON file of the repository and on generated ones; whatever it cannot read that way, and every
/// error, it must leave to the whole-file reading (null).
/// </summary>
public sealed class ChunkedDecryptionTests
{
    private const int Chunked64K = 64 * 1024;

    private static readonly YamlStore Store = new();
    private static readonly JsonStore Json = new();

    private static KeyRing Keys => TestEncryption.Keys;

    public static TheoryData<string> Chunked() =>
    [
        "a: 1\n",
        "# head\na: secret\n# between\nb:\n  c: x\n  # inner\n# before c\n\nc: [1, two]\nd:\n- e: 1\n  f: |\n    text\n- 3\n",
        "a: 1\n# the last line is a comment, so the sops block follows it\n",
        "a:\n  b: 1\n# at column 0 inside a's mapping\n  c: 2\nd: 3\n",
        "pw: hunter2\nname_unencrypted: visible\nnested_unencrypted:\n  deep: clear\nport: 5432\nratio: 0.5\non: yes\nwhen: 2024-01-01T10:00:00Z\nnothing: null\n",
        "'quoted key': 1\n\"double\": 2\n'it''s': 3\n",
        "a: 1\nb:\n  c: 2\n  \n# the last comment, at column 0 after a nested mapping and a line of blanks\n",
        "key: 'single'\nother: \"double\"\nblock: |-\n  two\n  lines\nfolded: >\n  folded text\n",
    ];

    public static TheoryData<string> WholeFileOnly() =>
    [
        "a: 1\r\nb: 2\r\n",          // CRLF
        "a: 1\nb: 2",                // no final line break
        "---\na: 1\n---\nb: 2\n",    // several documents
        "a:\tx\n",                   // a tab
    ];

    [Theory]
    [MemberData(nameof(Chunked))]
    public async Task CommonFilesDecryptByEntryExactlyAsWhole(string yaml)
    {
        var encrypted = await EncryptAsync(Encoding.UTF8.GetBytes(yaml), SelectionRule.Default, macOnly: false);
        Assert.True(await AssertSameAsWholeAsync(encrypted!), "the file was not read entry by entry");
    }

    [Theory]
    [MemberData(nameof(WholeFileOnly))]
    public async Task OtherShapesAreLeftToTheWholeFileReading(string yaml)
    {
        var encrypted = await EncryptAsync(Encoding.UTF8.GetBytes(yaml), SelectionRule.Default, macOnly: false);
        Assert.NotNull(encrypted);
        Assert.Null(await SopsDocument.TryDecryptTextAsync(Store, encrypted, Keys));
        Assert.NotEmpty((await SopsDocument.OpenAsync(Store, encrypted, Keys)).Decrypted(verify: false));
    }

    [Fact]
    public async Task ASopsBlockBeforeDataIsLeftToTheWholeFileReading()
    {
        var text = Encoding.UTF8.GetString((await EncryptAsync("a: 1\n# before b\nb: 2\n"u8.ToArray(), SelectionRule.Default, macOnly: false))!);
        var b = text.IndexOf("#ENC", StringComparison.Ordinal);
        var sops = text.IndexOf("sops:", StringComparison.Ordinal);
        var moved = Encoding.UTF8.GetBytes(text[..b] + text[sops..] + text[b..sops]);

        // The entries are read after the sops block is found at the end, where every writer puts it.
        Assert.Null(await SopsDocument.TryDecryptTextAsync(Store, moved, Keys));
        Assert.Equal("a: 1\n# before b\nb: 2\n", Encoding.UTF8.GetString((await SopsDocument.OpenAsync(Store, moved, Keys)).Decrypted(verify: false)));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(Chunked64K)]
    public async Task AnEntryLongerThanTheWindowIsReadWhole(int window)
    {
        var long1 = string.Concat(Enumerable.Range(0, 3000).Select(i => $"  k{i}: value number {i}\n"));
        var yaml = $"small: 1\nbig:\n{long1}# between\nafter: [1, 2]\n";
        var encrypted = (await EncryptAsync(Encoding.UTF8.GetBytes(yaml), SelectionRule.Default, macOnly: false))!;

        var streamed = await SopsDocument.TryDecryptTextAsync(Store, new MemoryStream(encrypted), Keys, ignoreMac: false, window, CancellationToken.None);

        Assert.NotNull(streamed);
        Assert.Equal(yaml, Encoding.UTF8.GetString(streamed.Content.Span));
    }

    [Fact]
    public async Task AFileCutAnywhereReadsAsTheWholeFileReadingReadsIt()
    {
        var encrypted = (await EncryptAsync("a: first\n# c\nb:\n  c: second\nd: third\n"u8.ToArray(), SelectionRule.Default, macOnly: false))!;
        var read = 0;
        for (var cut = 1; cut < encrypted.Length; cut += 3)
        {
            var truncated = encrypted[..^cut];
            var streamed = await SopsDocument.TryDecryptTextAsync(Store, new MemoryStream(truncated), Keys, ignoreMac: false, 7, CancellationToken.None);
            if (streamed is not null)
            {
                read++;
                Assert.Equal((await SopsDocument.OpenAsync(Store, truncated, Keys)).Decrypted(verify: false), streamed.Content.ToArray());
            }
        }

        // Only cuts inside the sops block's last lines can leave a file that still reads.
        Assert.True(read < 10, $"{read} cut files were read");
    }

    [Fact]
    public async Task AFileCutShortWhileItIsReadIsLeftToTheWholeFileReading()
    {
        var encrypted = (await EncryptAsync("a: first\nb: second\nc: third\n"u8.ToArray(), SelectionRule.Default, macOnly: false))!;
        var stream = new SwappingStream(encrypted, encrypted[..20]);

        Assert.Null(await SopsDocument.TryDecryptTextAsync(Store, stream, Keys, ignoreMac: false, 7, CancellationToken.None));
        Assert.True(stream.Swapped, "the start was not read after the end");
    }

    [Fact]
    public async Task AFileChangedBetweenReadingItsEndAndItsStartFailsTheMac()
    {
        var text = Encoding.UTF8.GetString((await EncryptAsync("a: first\nb: second\n"u8.ToArray(), SelectionRule.Default, macOnly: false))!);
        var b = text.IndexOf("\nb: ", StringComparison.Ordinal) + 1;
        var sops = text.IndexOf("\nsops:", StringComparison.Ordinal) + 1;

        // Each value still authenticates at its own key, but the values are in another order than the MAC's.
        var reordered = text[b..sops] + text[..b] + text[sops..];
        var stream = new SwappingStream(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(reordered));

        Assert.Null(await SopsDocument.TryDecryptTextAsync(Store, stream, Keys, ignoreMac: false, 7, CancellationToken.None));
        Assert.True(stream.Swapped, "the start was not read after the end");
        var e = await Assert.ThrowsAsync<SopsException>(() => SopsDocument.OpenAsync(Store, Encoding.UTF8.GetBytes(reordered), Keys));
        Assert.Equal(SopsError.MacMismatch, e.Error);
        Assert.NotNull(await SopsDocument.TryDecryptTextAsync(Store, new SwappingStream(Encoding.UTF8.GetBytes(text), Encoding.UTF8.GetBytes(text)), Keys, ignoreMac: false, 7, CancellationToken.None));
    }

    [Fact]
    public async Task CommentRulesAreLeftToTheWholeFileReading()
    {
        var encrypted = await EncryptAsync("# sops:crypt\na: 1\nb: 2\n"u8.ToArray(), SelectionRule.FromMetadataKey("encrypted_comment_regex", "sops:crypt"), macOnly: false);
        Assert.Null(await SopsDocument.TryDecryptTextAsync(Store, encrypted!, Keys));
    }

    [Fact]
    public async Task ARemovedValueIsLeftToTheWholeFileReadingWhichReportsIt()
    {
        var tampered = await WithoutLineBAsync();

        Assert.Null(await SopsDocument.TryDecryptTextAsync(Store, tampered, Keys));
        var e = await Assert.ThrowsAsync<SopsException>(() => SopsDocument.OpenAsync(Store, tampered, Keys));
        Assert.Equal(SopsError.MacMismatch, e.Error);
    }

    [Fact]
    public async Task AMacMismatchIgnoredGivesTheSameBytes()
    {
        var tampered = await WithoutLineBAsync();

        var chunked = await SopsDocument.TryDecryptTextAsync(Store, tampered, Keys, ignoreMac: true);
        Assert.NotNull(chunked);
        Assert.Equal((await SopsDocument.OpenAsync(Store, tampered, Keys, ignoreMac: true)).Decrypted(verify: false), chunked.Content.ToArray());
    }

    [Theory]
    [InlineData("yaml")]
    [InlineData("json")]
    public async Task EveryFileInTheRepositoryDecryptsTheSameByEntry(string format)
    {
        IStore store = format == "json" ? Json : Store;
        var files = format == "json" ? TestPaths.RepositoryFiles(".json") : TestPaths.RepositoryFiles(".yaml", ".yml");
        var chunked = 0;
        foreach (var file in files)
        {
            var content = File.ReadAllBytes(file);

            // An encrypted file is decrypted as it is (with the corpus or demo key when it has one); a
            // plaintext one is encrypted first.
            var encrypted = await EncryptAsync(store, content, SelectionRule.Default, macOnly: false) ?? content;
            chunked += await AssertSameAsWholeAsync(store, encrypted, file) ? 1 : 0;
        }

        Assert.True(chunked > files.Count / 3, $"only {chunked} of {files.Count} files were read entry by entry");
    }

    [Fact]
    public void GeneratedYamlDecryptsTheSameByEntry()
    {
        var chunked = 0;
        Gen.Select(YamlSourceGen.Stream, SourceText.Rule).Sample(c =>
        {
            var encrypted = EncryptAsync(Encoding.UTF8.GetBytes(c.Item1), c.Item2.Rule, c.Item2.MacOnly).GetAwaiter().GetResult();
            chunked += encrypted is not null && AssertSameAsWholeAsync(encrypted).GetAwaiter().GetResult() ? 1 : 0;
        }, iter: 200, threads: 1);
        Assert.True(chunked > 20, $"only {chunked} generated files were read entry by entry");
    }

    /// <summary>An encrypted file with one of its values taken out: every value left authenticates, the MAC does not.</summary>
    private static async Task<byte[]> WithoutLineBAsync()
    {
        var text = Encoding.UTF8.GetString((await EncryptAsync("a: first\nb: second\nc: third\n"u8.ToArray(), SelectionRule.Default, macOnly: false))!);
        var b = text.IndexOf("\nb: ", StringComparison.Ordinal) + 1;
        return Encoding.UTF8.GetBytes(text[..b] + text[(text.IndexOf('\n', b) + 1)..]);
    }

    /// <summary>True when the file was read entry by entry (and gave what the whole-file reading gives).</summary>
    private static Task<bool> AssertSameAsWholeAsync(byte[] encrypted, string? name = null) => AssertSameAsWholeAsync(Store, encrypted, name);

    internal static async Task<bool> AssertSameAsWholeAsync(IStore store, byte[] encrypted, string? name = null)
    {
        var chunked = await SopsDocument.TryDecryptTextAsync(store, encrypted, Keys);
        if (chunked is null)
        {
            return false;
        }

        // Read in small windows too, so that entries, lines and the sops block straddle reads.
        foreach (var window in new[] { 1, 7, 64 })
        {
            var streamed = await SopsDocument.TryDecryptTextAsync(store, new MemoryStream(encrypted), Keys, ignoreMac: false, window, CancellationToken.None);
            Assert.True(streamed is not null && streamed.Content.Span.SequenceEqual(chunked.Content.Span), $"window {window}: {name ?? Encoding.UTF8.GetString(encrypted)}");
        }

        var whole = await SopsDocument.OpenAsync(store, encrypted, Keys);
        var expected = Encoding.UTF8.GetString(whole.Decrypted(verify: false)) + "\nwarnings: " + string.Join(", ", whole.Plain.UndecryptableComments);
        var actual = Encoding.UTF8.GetString(chunked.Content.Span) + "\nwarnings: " + string.Join(", ", chunked.UndecryptableComments);
        Assert.True(expected == actual, $"{name ?? Encoding.UTF8.GetString(encrypted)}\nwhole:\n{expected}\nby entry:\n{actual}");
        return true;
    }

    /// <summary>The plaintext encrypted for a test key, or null when it is not a plaintext file of the store this can encrypt.</summary>
    private static Task<byte[]?> EncryptAsync(byte[] plaintext, SelectionRule rule, bool macOnly) => EncryptAsync(Store, plaintext, rule, macOnly);

    internal static Task<byte[]?> EncryptAsync(IStore store, byte[] plaintext, SelectionRule rule, bool macOnly) =>
        TestEncryption.EncryptAsync(store, plaintext, rule, macOnly);
}
