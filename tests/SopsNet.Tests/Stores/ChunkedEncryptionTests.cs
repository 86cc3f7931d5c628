using System.Text;
using CsCheck;
using SopsNet.Age;
using SopsNet.Documents;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Selection;
using SopsNet.Stores;
using SopsNet.Stores.Json;
using SopsNet.Stores.Yaml;
using SopsNet.Tests.Properties;
using SopsNet.Tests.Support;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores;

/// <summary>
/// Encrypting a YAML file one top-level entry at a time (<see cref="PlainEntries"/>, what <c>sopsnet encrypt</c>
/// does with a large file) must write exactly the bytes, and report exactly the warnings, of the whole-file
/// writing given the same data key and randomness, on every YAML file of the repository and on generated ones;
/// whatever it cannot read that way it must leave to the whole-file reading (null) before any key is wrapped.
/// And its check must pass on nothing that does not read back as meant.
/// </summary>
public sealed class ChunkedEncryptionTests
{
    private static readonly YamlStore Store = new();
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 12, 6, 1, 2, 3, TimeSpan.Zero));

    internal static readonly KeyRing Keys = new(
    [
        new AgeKeyProvider([.. AgeIdentities.ParseKeyFile(File.ReadAllText(TestPaths.CorpusIdentity), "corpus")]),
    ]);

    [Theory]
    [MemberData(nameof(ChunkedDecryptionTests.Chunked), MemberType = typeof(ChunkedDecryptionTests))]
    public async Task CommonFilesEncryptByEntryExactlyAsWhole(string yaml)
    {
        Assert.True(await AssertSameAsWholeAsync(Store, Encoding.UTF8.GetBytes(yaml), SelectionRule.Default, macOnly: false), "the file was not encrypted entry by entry");
    }

    [Theory]
    [MemberData(nameof(ChunkedDecryptionTests.WholeFileOnly), MemberType = typeof(ChunkedDecryptionTests))]
    [InlineData("a: &x 1\nb: *x\n")]                 // an alias to an anchor in another entry
    [InlineData("a: 1\na: 2\n")]                     // a key twice: the whole-file reading's error
    [InlineData("a: 1\nsops:\n  version: 3.9.0\n")]  // already encrypted
    [InlineData("a: [1\nb: 2\n")]                    // a parse error
    public void OtherShapesAreLeftToTheWholeFileReading(string yaml)
    {
        Assert.Null(PlainEntries.TryParse(Store, Encoding.UTF8.GetBytes(yaml)));
    }

    [Fact]
    public async Task CommentRulesAndOtherLayoutsAreLeftToTheWholeFileWriting()
    {
        var content = "# secret below\na: 1\nb: 2\n"u8.ToArray();
        var entries = PlainEntries.TryParse(Store, content);
        Assert.NotNull(entries);
        var settings = Settings(new SelectionRule(SelectionRuleKind.EncryptedCommentRegex, "secret"), macOnly: false);
        Assert.Null(await entries.EncryptAsync(settings, Keys));
        Assert.Null(PlainEntries.TryParse(Store, content, new OutputLayout(Store) { KeepLayout = false }));
        Assert.Null(PlainEntries.TryParse(Store, content, new OutputLayout(new SopsNet.Stores.Json.JsonStore())));
    }

    [Fact]
    public async Task WarningsNameTheLinesOfTheWholeFile()
    {
        var content = "a: 1\n# two\nb:\n  c: [x, y]\nd: 2024-01-01\n"u8.ToArray();
        Assert.True(await AssertSameAsWholeAsync(Store, content, SelectionRule.Default, macOnly: false));
        var warnings = new List<StoreWarning>();
        Assert.NotNull(PlainEntries.TryParse(Store, content, warning: warnings.Add));
        Assert.Contains(warnings, w => w.Line == 4);
    }

    [Fact]
    public async Task TheOutputDecryptsToThePlaintext()
    {
        var content = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 300).Select(i => $"# entry {i}\nservice_{i}:\n  password: secret-{i}\n  port: {i}\n  hosts:\n  - a{i}\n  - b{i}\n")));
        var write = await PlainEntries.TryParse(Store, content)!.EncryptAsync(Settings(SelectionRule.Default, macOnly: false), Keys);
        var output = new MemoryStream();
        write!(output);

        Assert.DoesNotContain("secret-1", Encoding.UTF8.GetString(output.ToArray()), StringComparison.Ordinal);
        var decrypted = await SopsDocument.TryDecryptTextAsync(Store, output.ToArray(), Keys);
        Assert.Equal(content, decrypted!.Content.ToArray());
    }

    [Theory]
    [InlineData("yaml")]
    [InlineData("yml")]
    public async Task EveryFileInTheRepositoryEncryptsTheSameByEntry(string extension)
    {
        var files = TestPaths.RepositoryFiles("." + extension);
        var chunked = 0;
        foreach (var file in files)
        {
            chunked += await AssertSameAsWholeAsync(Store, File.ReadAllBytes(file), SelectionRule.Default, macOnly: false, file) ? 1 : 0;
        }

        Assert.True(extension == "yml" || chunked >= 8, $"only {chunked} of {files.Count} files were encrypted entry by entry");
    }

    [Fact]
    public void GeneratedYamlEncryptsTheSameByEntry()
    {
        var chunked = 0;
        Gen.Select(YamlSourceGen.Stream, SourceText.Rule).Sample(c =>
        {
            chunked += AssertSameAsWholeAsync(Store, Encoding.UTF8.GetBytes(c.Item1), c.Item2.Rule, c.Item2.MacOnly).GetAwaiter().GetResult() ? 1 : 0;
        }, iter: 200, threads: 1);
        Assert.True(chunked > 20, $"only {chunked} generated files were encrypted entry by entry");
    }

    [Fact]
    public async Task TheCheckPassesOnOnlyWhatReadsBackAsMeant()
    {
        var (fresh, dataKey) = await Engine(1).NewDataKeyAsync(Settings(SelectionRule.Default, macOnly: false), CancellationToken.None);
        var a = Store.ParseChunk("a: first-secret\n"u8.ToArray(), 0, 16);
        var b = Store.ParseChunk("b: second-secret\n"u8.ToArray(), 0, 17);
        using var encryptor = Engine(1).NewEncryptor(fresh, dataKey, null);
        var encryptedA = Encoding.UTF8.GetBytes(Store.TryWriteSpliced([encryptor.Encrypt(a.Documents[0])], a)!);
        var encryptedB = Encoding.UTF8.GetBytes(Store.TryWriteSpliced([encryptor.Encrypt(b.Documents[0])], b)!);
        var sealedMetadata = Engine(1).Seal(fresh, dataKey, encryptor.FinishMac());

        // A value left in clear: refused before anything of it is handed on.
        var accepted = new List<string>();
        using (var check = new EntryOutputCheck(new YamlEntryFormat(Store), fresh, dataKey, p => accepted.Add(Encoding.UTF8.GetString(p))))
        {
            check.Add(encryptedA, a.Documents[0], () => null, fresh);
            var leak = Assert.Throws<SopsException>(() => check.Add("b: second-secret\n"u8.ToArray(), b.Documents[0], () => null, fresh));
            Assert.Equal(SopsError.ErrorDumpingTree, leak.Error);
            Assert.Contains("[\"b\"]", leak.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("second-secret", leak.Message, StringComparison.Ordinal);
        }

        Assert.Empty(accepted);

        // A value that decrypts to something else (a's ciphertext under b): its entry is never handed on.
        using (var check = new EntryOutputCheck(new YamlEntryFormat(Store), fresh, dataKey, p => accepted.Add(Encoding.UTF8.GetString(p))))
        {
            check.Add(encryptedA, a.Documents[0], () => null, fresh);
            var swapped = Encoding.UTF8.GetBytes("b" + Encoding.UTF8.GetString(encryptedA)[1..]);
            check.Add(swapped, b.Documents[0], () => null, fresh);
            Assert.Single(accepted); // a, complete once b began; b may go on until the end
            var error = Assert.Throws<SopsException>(() => check.Finish(sealedMetadata));
            Assert.Equal(SopsError.ErrorDumpingTree, error.Error);
            Assert.True(error.Message.Contains("does not decrypt", StringComparison.Ordinal), error.Message);
            Assert.Single(accepted);
        }

        // No sops block at the end, then a MAC that is not the values': refused at the end.
        accepted.Clear();
        using (var check = new EntryOutputCheck(new YamlEntryFormat(Store), fresh, dataKey, p => accepted.Add(Encoding.UTF8.GetString(p))))
        {
            check.Add(encryptedA, a.Documents[0], () => null, fresh);
            check.Add(encryptedB, b.Documents[0], () => null, fresh);
            Assert.Equal(SopsError.ErrorDumpingTree, Assert.Throws<SopsException>(() => check.Finish(sealedMetadata)).Error);
            Assert.DoesNotContain(accepted, p => p.StartsWith("b:", StringComparison.Ordinal));
        }

        var otherMac = Engine(1).Seal(fresh, dataKey, new string('0', 128));
        var withBlock = Encoding.UTF8.GetBytes(Store.TryWriteSpliced([encryptor.Encrypt(b.Documents[0])], b, MetadataCodec.Write(otherMac))!);
        using (var check = new EntryOutputCheck(new YamlEntryFormat(Store), fresh, dataKey, _ => { }))
        {
            check.Add(encryptedA, a.Documents[0], () => null, fresh);
            check.Add(withBlock, b.Documents[0], () => null, otherMac);
            Assert.Contains("[\"sops\"][\"mac\"]", Assert.Throws<SopsException>(() => check.Finish(otherMac)).Message, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// True when <paramref name="plaintext"/> was encrypted entry by entry (and gave the whole-file writing's
    /// bytes and warnings); false when it was left to the whole-file reading, which must then be the one that
    /// reads it, or refuses it.
    /// </summary>
    internal static async Task<bool> AssertSameAsWholeAsync(IStore store, byte[] plaintext, SelectionRule rule, bool macOnly, string? name = null)
    {
        var label = name ?? Encoding.UTF8.GetString(plaintext);
        var warnings = new List<StoreWarning>();
        var entries = PlainEntries.TryParse(store, plaintext, warning: warnings.Add);
        PlainDocument whole;
        try
        {
            whole = PlainDocument.Parse(store, plaintext);
        }
        catch (SopsException)
        {
            Assert.True(entries is null, $"the whole-file reading refuses what the entry reading took: {label}");
            return false;
        }

        if (entries is null || rule.Kind is SelectionRuleKind.EncryptedCommentRegex or SelectionRuleKind.UnencryptedCommentRegex)
        {
            return false;
        }

        Assert.Equal(string.Join("\n", whole.Warnings), string.Join("\n", warnings));
        var settings = Settings(rule, macOnly);
        var (fresh, dataKey) = await Engine(0).NewDataKeyAsync(settings, CancellationToken.None);

        var (documents, metadata) = Engine(7).Encrypt(whole.Documents, fresh, dataKey, ivStash: null);
        var expected = whole.Output.WriteEncrypted(store, whole.Documents, documents, metadata, dataKey, whole.Output.Original(store, whole.Parsed));

        var output = new MemoryStream();
        IEntryFormat format = store is JsonStore json ? new JsonEntryFormat(json) : new YamlEntryFormat((YamlStore)store);
        ChunkedEncryption.Write(plaintext, ChunkedEncryption.TryPlan(format, plaintext)!, Engine(7), fresh, dataKey, output);
        var actual = output.ToArray();
        Assert.True(expected.AsSpan().SequenceEqual(actual), $"{label}\nwhole:\n{Encoding.UTF8.GetString(expected)}\nby entry:\n{Encoding.UTF8.GetString(actual)}");
        return true;
    }

    internal static EncryptionSettings Settings(SelectionRule rule, bool macOnly) =>
        new([[MasterKey.Create("age", ("recipient", TestPaths.CorpusRecipient))]]) { Rule = rule, MacOnlyEncrypted = macOnly };

    /// <summary>An engine whose randomness repeats for the same seed, so two writings draw the same IVs.</summary>
    internal static SopsEngine Engine(int seed)
    {
        var random = new Random(seed);
        return new SopsEngine(Keys, buffer => random.NextBytes(buffer), Clock);
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
