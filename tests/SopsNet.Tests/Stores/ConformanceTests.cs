using System.Security.Cryptography;
using System.Text;
using SopsNet.Age;
using SopsNet.Crypto;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Stores.Binary;
using SopsNet.Stores.Dotenv;
using SopsNet.Stores.Ini;
using SopsNet.Stores.Json;
using SopsNet.Stores.Toml;
using SopsNet.Stores.Yaml;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Stores;

/// <summary>
/// The same cases against every store, through the real engine and the age provider: byte-exact round
/// trips (unicode, empty and large values, comments), tamper detection, the default selection rule.
/// </summary>
public sealed class ConformanceTests
{
    private const string Unicode = "Zoë ☃ 日本 𝄞";
    private const string Clear = "visible-value-42";
    private const string Comment = "a-comment-to-hide";
    private static readonly string Big = new('x', 100_000);

    private static readonly Dictionary<string, (Func<IStore> Store, string Content)> Cases = new()
    {
        ["yaml"] = (() => new YamlStore(), $"# {Comment}\nname: \"{Unicode}\"\nempty: \"\"\nplain_unencrypted: {Clear}\nbig: {Big}\n"),
        ["json"] = (() => new JsonStore(), $"{{\n\t\"name\": \"{Unicode}\",\n\t\"empty\": \"\",\n\t\"plain_unencrypted\": \"{Clear}\",\n\t\"big\": \"{Big}\"\n}}\n"),
        ["dotenv"] = (() => new DotenvStore(), $"#{Comment}\nNAME={Unicode}\nEMPTY=\nplain_unencrypted={Clear}\nBIG={Big}\n"),
        ["ini"] = (() => new IniStore(), $"; {Comment}\n[section]\nname = {Unicode}\nempty =\nplain_unencrypted = {Clear}\nbig = {Big}\n"),
        ["toml"] = (() => new TomlStore(), $"# {Comment}\nname = \"{Unicode}\"\nempty = \"\"\nplain_unencrypted = \"{Clear}\"\nbig = \"{Big}\"\n"),
        ["binary"] = (() => new BinaryStore(), $"{Unicode}\n{Big}\n"),
    };

    public static TheoryData<string> Stores() => [.. Cases.Keys];

    private static readonly X25519Identity Identity = X25519Identity.Generate();

    private static SopsEngine Engine() => new(new KeyRing([new AgeKeyProvider([Identity])]), RandomNumberGenerator.Fill, TimeProvider.System);

    private static async Task<byte[]> EncryptAsync(IStore store, byte[] plain)
    {
        var parsed = store.Parse(plain);
        var settings = new EncryptionSettings([[MasterKey.Create("age", ("recipient", Identity.Recipient.ToString()!))]])
        {
            WriteRule = store is not BinaryStore,
        };
        var (documents, metadata) = await Engine().EncryptAsync(parsed.Documents, settings, default);
        return store.Write(documents, MetadataCodec.Write(metadata), parsed);
    }

    private static async Task<byte[]> DecryptAsync(IStore store, byte[] encrypted)
    {
        var parsed = store.Parse(encrypted);
        var file = await Engine().DecryptAsync(parsed.Documents, MetadataCodec.Read(parsed.Metadata!), ignoreMac: false, default);
        return store.Write(file.Documents, null, parsed);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Decrypting_what_was_encrypted_gives_back_the_same_bytes(string format)
    {
        var (store, content) = Cases[format];
        var plain = Encoding.UTF8.GetBytes(content);
        var encrypted = await EncryptAsync(store(), plain);
        Assert.Equal(content, Encoding.UTF8.GetString(await DecryptAsync(store(), encrypted)));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Values_and_comments_are_hidden_except_where_the_rule_keeps_them_clear(string format)
    {
        var (store, content) = Cases[format];
        var encrypted = Encoding.UTF8.GetString(await EncryptAsync(store(), Encoding.UTF8.GetBytes(content)));
        Assert.DoesNotContain(Unicode, encrypted);
        Assert.DoesNotContain(Big[..100], encrypted);
        Assert.DoesNotContain(Comment, encrypted);
        Assert.Equal(format != "binary", encrypted.Contains(Clear, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Empty_values_stay_empty_and_unencrypted(string format)
    {
        if (format == "binary")
        {
            return; // a binary file is one value
        }

        var (store, content) = Cases[format];
        var encrypted = store().Parse(await EncryptAsync(store(), Encoding.UTF8.GetBytes(content)));
        var leaves = Leaves(encrypted.Documents[0]).ToList();
        Assert.Contains(leaves, l => l.Text.Length == 0);
        Assert.All(leaves.Where(l => l.Text.Length > 0 && l.Text != Clear), l => Assert.StartsWith("ENC[AES256_GCM,", l.Text));
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_changed_ciphertext_is_caught(string format)
    {
        var (store, content) = Cases[format];
        var encrypted = Encoding.UTF8.GetString(await EncryptAsync(store(), Encoding.UTF8.GetBytes(content)));

        // Tamper with the first value, not a comment (sops keeps a comment that does not decrypt as it is):
        // one bit of its ciphertext, so the change is always real (a base64 letter can differ only in
        // padding bits) and always lands in that value's envelope (searching the text for its key could
        // land in the metadata, or in base64 that happens to spell the key).
        var envelope = Leaves(store().Parse(Encoding.UTF8.GetBytes(encrypted)).Documents[0]).First(l => EncryptedValue.LooksEncrypted(l.Text)).Text;
        Assert.True(EncryptedValue.TryParse(envelope, out var value));
        var data = value.Data.ToArray();
        data[0] ^= 1;
        Assert.Equal(encrypted.IndexOf(envelope, StringComparison.Ordinal), encrypted.LastIndexOf(envelope, StringComparison.Ordinal));
        var tampered = encrypted.Replace(envelope, (value with { Data = data }).ToString(), StringComparison.Ordinal);
        Assert.NotEqual(encrypted, tampered);

        var e = await Assert.ThrowsAsync<SopsException>(() => DecryptAsync(store(), Encoding.UTF8.GetBytes(tampered)));
        Assert.Equal(SopsError.ErrorDecryptingTree, e.Error);
        Assert.DoesNotContain(Unicode, e.Message);
    }

    private static IEnumerable<Tree.Scalar> Leaves(Tree.Node node) => node switch
    {
        Tree.Mapping m => m.Items.SelectMany(Leaves),
        Tree.Sequence s => s.Items.SelectMany(Leaves),
        Tree.Pair p => Leaves(p.Value),
        Tree.Scalar s => [s],
        _ => [],
    };
}
