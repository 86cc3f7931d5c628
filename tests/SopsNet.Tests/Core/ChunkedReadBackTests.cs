using System.Collections.Immutable;
using System.Text;
using CsCheck;
using SopsNet.Age;
using SopsNet.Documents;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Selection;
using SopsNet.Stores.Yaml;
using SopsNet.Tests.Properties;
using SopsNet.Tests.Support;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Core;

/// <summary>
/// The read-back check reads a YAML output one top-level entry at a time where its shape allows
/// (<see cref="ChunkedReadBack"/>). That reading must be exactly the whole-file one (metadata, decrypted
/// tree with its comments, its entries put back together, MAC, undecryptable comments) on every YAML file of the repository and on
/// generated ones, and it must not pass an output a writer damaged: a value altered in one entry, an entry
/// dropped or repeated, a value in clear.
/// </summary>
public sealed class ChunkedReadBackTests
{
    private const string Secret = "correct-horse-battery";

    private static readonly YamlStore Store = new();

    private static KeyRing Keys => TestEncryption.Keys;

    private static readonly string Plain =
        $"# head\nfirst: one\npassword: {Secret}\n# before nested\nnested:\n  port: 5432\n  note: |\n    {Secret}\n    second line\nlist:\n- a\n- b: c\nlast_unencrypted: visible\n";

    [Fact]
    public async Task EveryYamlFileInTheRepositoryReadsBackTheSameByEntry()
    {
        var files = TestPaths.RepositoryFiles(".yaml", ".yml");
        var byEntry = 0;
        foreach (var file in files)
        {
            // A plaintext file is encrypted first (through the verifier); an encrypted one is read with its key.
            var content = File.ReadAllBytes(file);
            var encrypted = await EncryptAsync(content, SelectionRule.Default, macOnly: false) ?? content;
            byEntry += await AssertSameAsWholeAsync(encrypted, file) ? 1 : 0;
        }

        Assert.True(byEntry > files.Count / 3, $"only {byEntry} of {files.Count} files were read back entry by entry");
    }

    [Fact]
    public void GeneratedYamlReadsBackTheSameByEntry()
    {
        var byEntry = 0;
        Gen.Select(YamlSourceGen.Stream, SourceText.Rule).Sample(c =>
        {
            var encrypted = EncryptAsync(Encoding.UTF8.GetBytes(c.Item1), c.Item2.Rule, c.Item2.MacOnly).GetAwaiter().GetResult();
            byEntry += encrypted is not null && AssertSameAsWholeAsync(encrypted).GetAwaiter().GetResult() ? 1 : 0;
        }, iter: 200, threads: 1);
        Assert.True(byEntry > 20, $"only {byEntry} generated files were read back entry by entry");
    }

    [Fact]
    public async Task ACorrectOutputPassesByEntry()
    {
        var file = await WriteAsync(Plain);
        Assert.True(file.ByEntry(file.Output), "the output was not read back entry by entry");
        file.Verify(file.Output);
    }

    [Fact]
    public async Task AValueAlteredInOneEntryIsRefused()
    {
        // The writer put another value, correctly encrypted with the file's key, where the plaintext's was.
        var file = await WriteAsync(Plain, written: Plain.Replace("port: 5432", "port: 5433", StringComparison.Ordinal));
        AssertRefusedByEntryAndWhole(file, file.Output, "[\"nested\"][\"port\"]");
    }

    [Fact]
    public async Task AnEntryDroppedIsRefused()
    {
        var file = await WriteAsync(Plain);
        var text = Encoding.UTF8.GetString(file.Output);
        var start = text.IndexOf("\nlist:", StringComparison.Ordinal) + 1;
        var end = text.IndexOf("\nlast_unencrypted:", StringComparison.Ordinal) + 1;
        AssertRefusedByEntryAndWhole(file, Encoding.UTF8.GetBytes(text[..start] + text[end..]), "[\"list\"]");
    }

    [Fact]
    public async Task AnEntryWrittenTwiceIsRefused()
    {
        var file = await WriteAsync(Plain);
        var text = Encoding.UTF8.GetString(file.Output);
        var start = text.IndexOf("\nfirst:", StringComparison.Ordinal) + 1;
        var end = text.IndexOf("\npassword:", StringComparison.Ordinal) + 1;
        AssertRefusedByEntryAndWhole(file, Encoding.UTF8.GetBytes(text[..end] + text[start..end] + text[end..]), "");
    }

    [Fact]
    public async Task ACommentDroppedBeforeAnEntryIsRefused()
    {
        // Comments are not in the MAC: only the comparison of the trees sees this one gone.
        var file = await WriteAsync(Plain);
        var text = Encoding.UTF8.GetString(file.Output);
        var end = text.IndexOf("\nnested:", StringComparison.Ordinal) + 1;
        var start = text.LastIndexOf('\n', end - 2) + 1;
        Assert.StartsWith("#ENC[", text[start..end], StringComparison.Ordinal);
        AssertRefusedByEntryAndWhole(file, Encoding.UTF8.GetBytes(text[..start] + text[end..]), "a comment");
    }

    [Fact]
    public async Task TwoCommentsSwappedAreRefused()
    {
        // Encrypted comments are not in the MAC and have no path in their AAD, and the count of items is
        // right: only the comparison of the trees sees these two out of place.
        var file = await WriteAsync(Plain);
        var lines = Encoding.UTF8.GetString(file.Output).Split('\n');
        var comments = lines.Select((l, i) => (l, i)).Where(x => x.l.StartsWith("#ENC[", StringComparison.Ordinal)).Select(x => x.i).ToList();
        Assert.Equal(2, comments.Count);
        (lines[comments[0]], lines[comments[1]]) = (lines[comments[1]], lines[comments[0]]);
        AssertRefusedByEntryAndWhole(file, Encoding.UTF8.GetBytes(string.Join('\n', lines)), "a comment");
    }

    [Fact]
    public async Task AnEntryInClearIsRefused()
    {
        var file = await WriteAsync(Plain);
        var text = Encoding.UTF8.GetString(file.Output);
        var lines = text.Split('\n').Select(l => l.StartsWith("password:", StringComparison.Ordinal) ? "password: " + Secret : l);
        AssertRefusedByEntryAndWhole(file, Encoding.UTF8.GetBytes(string.Join('\n', lines)), "[\"password\"]");
    }

    [Fact]
    public async Task AValuesPlaintextBesideItsEnvelopeIsRefusedThoughTheEntriesReadBack()
    {
        var file = await WriteAsync(Plain);
        var text = Encoding.UTF8.GetString(file.Output);
        var envelopeEnd = text.IndexOf("type:str]", text.IndexOf("\npassword:", StringComparison.Ordinal), StringComparison.Ordinal) + "type:str]".Length;
        // Decrypts fine (text after an envelope's closing bracket is ignored, as by sops), but shows the secret.
        var leaked = Encoding.UTF8.GetBytes(text.Insert(envelopeEnd, " " + Secret));

        Assert.True(file.ByEntry(leaked), "the entries should read back: only the leak check sees this");
        var e = Assert.Throws<SopsException>(() => file.Verify(leaked));
        Assert.Contains("[\"password\"]: the plaintext of this encrypted value occurs in the output", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AChangedMacIsRefused()
    {
        var file = await WriteAsync(Plain);
        var text = Encoding.UTF8.GetString(file.Output);
        var mac = text.IndexOf("mac: ENC[AES256_GCM,data:", StringComparison.Ordinal) + "mac: ENC[AES256_GCM,data:".Length;
        var changed = text[..mac] + (text[mac] == 'A' ? 'B' : 'A') + text[(mac + 1)..];
        AssertRefusedByEntryAndWhole(file, Encoding.UTF8.GetBytes(changed), "[\"sops\"][\"mac\"]");
    }

    private static void AssertRefusedByEntryAndWhole(Written file, byte[] output, string path)
    {
        Assert.False(file.ByEntry(output), "the entry-by-entry check passed a damaged output");
        var e = Assert.Throws<SopsException>(() => file.Verify(output));
        Assert.Equal(SopsError.ErrorDumpingTree, e.Error);
        Assert.Contains(path, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, e.Message, StringComparison.Ordinal);
    }

    private sealed record Written(byte[] Output, ImmutableArray<Mapping> Plaintext, SopsMetadata Metadata, byte[] DataKey)
    {
        public bool ByEntry(byte[] output) =>
            OutputVerifier.ReadsBackInEntries(Store, output, Plaintext, MetadataCodec.Write(Metadata), DataKey, conversion: false);

        public void Verify(byte[] output) => OutputVerifier.VerifyEncrypted(Store, output, Plaintext, Metadata, DataKey, conversion: false);
    }

    /// <summary>
    /// <paramref name="plaintext"/> as a correct writer writes it, or, given <paramref name="written"/>, what a
    /// broken writer wrote instead for it: that text, encrypted with the same key, under the metadata meant for the plaintext.
    /// </summary>
    private static async Task<Written> WriteAsync(string plaintext, string? written = null)
    {
        var engine = new SopsEngine(Keys, System.Security.Cryptography.RandomNumberGenerator.Fill, TimeProvider.System);
        var settings = new EncryptionSettings([[MasterKey.Create("age", ("recipient", TestPaths.CorpusRecipient))]]);
        var (fresh, dataKey) = await engine.NewDataKeyAsync(settings, default);
        var meant = Store.Parse(Encoding.UTF8.GetBytes(plaintext));
        var (_, metadata) = engine.Encrypt(meant.Documents, fresh, dataKey, null);
        var actual = written is null ? meant : Store.Parse(Encoding.UTF8.GetBytes(written));
        var (documents, _) = engine.Encrypt(actual.Documents, metadata, dataKey, null);
        return new Written(Store.Write(documents, MetadataCodec.Write(metadata), actual), meant.Documents, metadata, dataKey);
    }

    /// <summary>True when the file was read back entry by entry, which is then asserted to be exactly the whole-file reading.</summary>
    private static async Task<bool> AssertSameAsWholeAsync(byte[] encrypted, string? name = null)
    {
        byte[] dataKey;
        try
        {
            dataKey = (await SopsDocument.OpenAsync(Store, encrypted, Keys)).Plain.DataKey;
        }
        catch (SopsException)
        {
            return false; // not a file the test keys open (a PGP-encrypted one, a broken one)
        }

        var items = new List<Node>();
        if (ChunkedReadBack.TryRead(Store, encrypted, dataKey, e => { items.AddRange(e.Items); return true; }) is not { } byEntry)
        {
            return false;
        }

        var parsed = Store.Parse(encrypted);
        var read = MetadataCodec.Read(parsed.Metadata!);
        using var decryptor = new TreeDecryptor(dataKey, read.Rule, read.MacOnlyEncrypted) { RecordsIvs = false };
        var (whole, mac) = decryptor.Decrypt(parsed.Documents);
        name ??= Encoding.UTF8.GetString(encrypted);
        Assert.True(TreeEquality.Equal(parsed.Metadata, byEntry.Metadata), $"metadata differs: {name}");
        Assert.True(whole.Length == 1 && TreeEquality.Equal(whole[0], new Mapping([.. items])), $"tree differs: {name}");
        Assert.Equal(mac, byEntry.Mac);
        Assert.Equal(decryptor.UndecryptableComments, byEntry.UndecryptableComments);
        return true;
    }

    /// <summary>The plaintext encrypted for a test key (through the read-back check), or null when it is not a YAML plaintext this can encrypt.</summary>
    private static Task<byte[]?> EncryptAsync(byte[] plaintext, SelectionRule rule, bool macOnly) => TestEncryption.EncryptAsync(Store, plaintext, rule, macOnly);
}
