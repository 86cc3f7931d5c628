using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SopsNet.Crypto;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Selection;
using SopsNet.Tests.Support;
using SopsNet.Tree;

namespace SopsNet.Tests.Core;

public sealed class EngineTests
{
    private static readonly TimeProvider Clock = new FixedClock(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private static Pair P(string key, Node value) => new(key, value);

    private static Scalar S(string text) => Scalar.String(text);

    private static Mapping M(params Node[] items) => new([.. items]);

    private static Mapping Sample() => M(
        new Comment(" top comment"),
        P("a", S("secret")),
        P("n", new Scalar(ScalarKind.Int, "42")),
        P("f", new Scalar(ScalarKind.Float, "1.50")),
        P("b", new Scalar(ScalarKind.Bool, "true")),
        P("t", new Scalar(ScalarKind.Time, "2024-01-01T00:00:00Z")),
        P("list", new Sequence([S("x"), new Comment(" in list"), M(P("k", S("v")))])),
        P("keep_unencrypted", M(P("inner", S("clear")))),
        P("empty", S("")),
        P("nothing", Scalar.Null));

    private static SopsEngine Engine(bool refuse = false) =>
        new(new KeyRing([new FakeKeyProvider(refuse)]), RandomNumberGenerator.Fill, Clock);

    private static EncryptionSettings Settings(SelectionRule? rule = null, bool macOnly = false) =>
        new([[MasterKey.Create("test", ("name", "k1"))]]) { Rule = rule ?? SelectionRule.Default, MacOnlyEncrypted = macOnly };

    [Fact]
    public async Task Encrypts_selected_values_with_their_path_as_aad_and_decrypts_them_back()
    {
        var (docs, md) = await Engine().EncryptAsync([Sample()], Settings(), default);
        var doc = docs[0];
        var key = Convert.FromHexString(md.KeyGroups[0][0].Enc);

        Assert.Equal("2026-01-02T03:04:05Z", md.LastModified);
        Assert.Equal("3.13.2", md.Version);
        Assert.Equal("secret", Open(doc["a"], key, "a:"));
        Assert.Contains("type:int]", ((Scalar)doc["n"]!).Text);
        Assert.Equal("1.50", Open(doc["f"], key, "f:"));
        Assert.Equal("true", Open(doc["b"], key, "b:"));
        Assert.Contains("type:time]", ((Scalar)doc["t"]!).Text);
        var list = (Sequence)doc["list"]!;
        Assert.Equal("x", Open(list.Items[0], key, "list:"));
        Assert.Equal(" in list", Open(list.Items[1], key, "list:"));
        Assert.Equal("v", Open(((Mapping)list.Items[2])["k"], key, "list:k:"));
        Assert.Equal(" top comment", Open(doc.Items[0], key, ":"));
        Assert.Equal("Scalar(clear)", "Scalar(" + ((Scalar)((Mapping)doc["keep_unencrypted"]!)["inner"]!).Text + ")");
        Assert.Equal("", ((Scalar)doc["empty"]!).Text);
        Assert.Equal(ScalarKind.Null, ((Scalar)doc["nothing"]!).Kind);

        var decrypted = await Engine().DecryptAsync(docs, md, ignoreMac: false, default);
        Assert.Equal(TreeText.Of(Sample()), TreeText.Of(decrypted.Documents[0]));
    }

    [Fact]
    public void Mac_matches_the_sops_vector_for_comments_enc_yaml()
    {
        // derived-vectors/functional-tests/res/comments.enc.yaml.vectors.json: two values, comments not hashed.
        var tree = M(new Comment(" first comment in file"), P("lorem", S("ipsum")), new Comment(" this-is-a-comment"), P("dolor", S("sit")));
        var (_, mac) = new TreeEncryptor(new byte[32], SelectionRule.Default, false, RandomNumberGenerator.Fill).Encrypt([tree]);
        Assert.Equal("B9C1450FEEF40915148CB5D3686B56005E78FC368762CB5D933FC26CBF21B71576B6CE9C05E8D8EA7E6E4A7216116F01B3C11AC7B78BCF0EA559DECD63D70AE8", mac);
    }

    [Fact]
    public void Mac_hashes_canonical_forms_not_spellings()
    {
        Mapping Tree(string f, string b) => M(P("f", new Scalar(ScalarKind.Float, f)), P("b", new Scalar(ScalarKind.Bool, b)));
        var enc = new TreeEncryptor(new byte[32], SelectionRule.Default, false, RandomNumberGenerator.Fill);
        Assert.Equal(enc.Encrypt([Tree("1.50", "true")]).Mac, enc.Encrypt([Tree("1.5", "True")]).Mac);
        var expected = Convert.ToHexString(SHA512.HashData(Encoding.UTF8.GetBytes("1.5True")));
        Assert.Equal(expected, enc.Encrypt([Tree("1.50", "true")]).Mac);
    }

    [Fact]
    public void Mac_only_encrypted_skips_clear_values_and_is_primed()
    {
        var tree = M(P("a", S("x")), P("b_unencrypted", S("y")));
        var full = new TreeEncryptor(new byte[32], SelectionRule.Default, false, RandomNumberGenerator.Fill).Encrypt([tree]).Mac;
        var only = new TreeEncryptor(new byte[32], SelectionRule.Default, true, RandomNumberGenerator.Fill).Encrypt([tree]).Mac;
        var primed = SHA512.HashData([.. SHA256.HashData("sops"u8), .. "x"u8]);
        Assert.Equal(Convert.ToHexString(SHA512.HashData("xy"u8)), full);
        Assert.Equal(Convert.ToHexString(primed), only);
    }

    [Theory]
    [InlineData("encrypted_regex", "^data$", "data.x,data.y", "other,top")]
    [InlineData("encrypted_suffix", "_secret", "pw_secret,nested_secret.z", "other,top")]
    [InlineData("unencrypted_regex", "^pub", "other,data.x,data.y,pw_secret,nested_secret.z", "public,top")]
    [InlineData("unencrypted_suffix", "_secret", "other,data.x,data.y,public", "pw_secret,nested_secret.z")]
    public async Task Selection_rules_choose_values_by_any_key_on_the_path(string rule, string value, string encrypted, string clear)
    {
        var tree = M(P("other", S("o")), P("data", M(P("x", S("1")), P("y", S("2")))), P("pw_secret", S("p")),
            P("nested_secret", M(P("z", S("z")))), P("public", S("q")));
        var (docs, md) = await Engine().EncryptAsync([tree], Settings(SelectionRule.FromMetadataKey(rule, value)), default);
        foreach (var path in encrypted.Split(','))
        {
            Assert.True(EncryptedValue.LooksEncrypted(Leaf(docs[0], path)), $"{path} should be encrypted");
        }

        foreach (var path in clear.Split(',').Where(p => p != "top"))
        {
            Assert.False(EncryptedValue.LooksEncrypted(Leaf(docs[0], path)), $"{path} should be clear");
        }

        var back = await Engine().DecryptAsync(docs, md, false, default);
        Assert.Equal(TreeText.Of(tree), TreeText.Of(back.Documents[0]));
    }

    [Fact]
    public async Task Encrypted_comment_regex_encrypts_what_follows_the_marker_but_not_the_marker()
    {
        var tree = M(P("plain", S("p")), new Comment(" sops:enc"), new Comment(" note"), P("secret", S("s")), P("after", S("a")));
        var (docs, md) = await Engine().EncryptAsync([tree], Settings(new SelectionRule(SelectionRuleKind.EncryptedCommentRegex, "sops:enc")), default);
        var items = docs[0].Items;
        Assert.False(EncryptedValue.LooksEncrypted(((Scalar)((Pair)items[0]).Value).Text));
        Assert.Equal(" sops:enc", ((Comment)items[1]).Text);
        Assert.True(EncryptedValue.LooksEncrypted(((Comment)items[2]).Text));
        Assert.True(EncryptedValue.LooksEncrypted(((Scalar)((Pair)items[3]).Value).Text));
        Assert.False(EncryptedValue.LooksEncrypted(((Scalar)((Pair)items[4]).Value).Text));
        var back = await Engine().DecryptAsync(docs, md, false, default);
        Assert.Equal(TreeText.Of(tree), TreeText.Of(back.Documents[0]));
    }

    [Fact]
    public async Task Tampering_is_caught_with_sops_exit_codes_and_messages_without_values()
    {
        var (docs, md) = await Engine().EncryptAsync([M(P("a", S("alpha-secret")), P("b", S("beta-secret")))], Settings(), default);
        var a = ((Pair)docs[0].Items[0]).Value;
        var b = ((Pair)docs[0].Items[1]).Value;

        async Task<SopsException> Fails(ImmutableArray<Mapping> d, SopsMetadata m) =>
            await Assert.ThrowsAsync<SopsException>(() => Engine().DecryptAsync(d, m, false, default));

        var moved = await Fails([M(P("a", b), P("b", a))], md);
        Assert.Equal(SopsError.ErrorDecryptingTree, moved.Error);
        Assert.Contains("[\"a\"]", moved.Message);

        var renamed = await Fails([M(P("c", a), P("b", b))], md);
        Assert.Equal(SopsError.ErrorDecryptingTree, renamed.Error);

        var reordered = await Fails([M(P("b", b), P("a", a))], md);
        Assert.Equal(SopsError.MacMismatch, reordered.Error);

        var removed = await Fails([M(P("a", a))], md);
        Assert.Equal(SopsError.MacMismatch, removed.Error);

        Assert.Equal(SopsError.MacMismatch, (await Fails(docs, md with { LastModified = "2026-01-02T03:04:06Z" })).Error);
        Assert.Equal(SopsError.MacMismatch, (await Fails(docs, md with { Mac = null })).Error);

        foreach (var e in new[] { moved, renamed, reordered, removed })
        {
            Assert.DoesNotContain("secret", e.Message);
        }

        var ignored = await Engine().DecryptAsync(docs, md with { Mac = null }, ignoreMac: true, default);
        Assert.Equal("alpha-secret", ((Scalar)ignored.Documents[0]["a"]!).Text);
    }

    [Fact]
    public async Task Key_ring_lists_every_key_it_tried()
    {
        var md = (await Engine().EncryptAsync([M(P("a", S("x")))], Settings(), default)).Metadata;
        md = md with { KeyGroups = [[.. md.KeyGroups[0], MasterKey.Create("pgp", ("fp", "ABCD"))]] };
        var e = await Assert.ThrowsAsync<SopsException>(() => Engine(refuse: true).DecryptAsync([M()], md, false, default));
        Assert.Equal(SopsError.CouldNotRetrieveKey, e.Error);
        Assert.Contains("test k1: refused by the test", e.Message);
        Assert.Contains("pgp key: sopsnet cannot use pgp keys yet", e.Message);
    }

    [Fact]
    public async Task Unchanged_values_keep_their_ciphertext_when_re_encrypted_with_the_iv_stash()
    {
        var (docs, md) = await Engine().EncryptAsync([M(P("a", S("one")), P("b", S("two")))], Settings(), default);
        var plain = await Engine().DecryptAsync(docs, md, false, default);
        var edited = plain.Documents[0] with { Items = plain.Documents[0].Items.SetItem(1, P("b", S("changed"))) };
        var (again, _) = Engine().Encrypt([edited], plain.Metadata, plain.DataKey, plain.IvStash);
        Assert.Equal(((Scalar)docs[0]["a"]!).Text, ((Scalar)again[0]["a"]!).Text);
        Assert.NotEqual(((Scalar)docs[0]["b"]!).Text, ((Scalar)again[0]["b"]!).Text);
    }

    [Fact]
    public void Metadata_is_written_sorted_as_sops_3_13_and_read_back()
    {
        var md = new SopsMetadata
        {
            LastModified = "2026-01-02T03:04:05Z",
            Mac = "ENC[AES256_GCM,data:x,iv:y,tag:z,type:str]",
            MacOnlyEncrypted = true,
            KeyGroups = [[MasterKey.Create("age", ("recipient", "age1x"), ("enc", "E"))]],
        };
        var tree = MetadataCodec.Write(md);
        Assert.Equal(["age", "lastmodified", "mac", "mac_only_encrypted", "unencrypted_suffix", "version"], tree.Pairs.Select(p => p.Key));
        Assert.Equal(["enc", "recipient"], ((Mapping)((Sequence)tree["age"]!).Items[0]).Pairs.Select(p => p.Key));
        var back = MetadataCodec.Read(tree);
        Assert.Equal(md.LastModified, back.LastModified);
        Assert.True(back.MacOnlyEncrypted);
        Assert.Equal("age1x", back.KeyGroups[0][0].Field("recipient"));
        Assert.Equal(SelectionRule.Default, back.Rule);
    }

    [Fact]
    public void Metadata_with_two_selection_rules_or_no_keys_is_rejected()
    {
        var keys = new Pair("age", new Sequence([M(P("recipient", S("r")), P("enc", S("e")))]));
        var two = M(keys, P("lastmodified", S("2026-01-02T03:04:05Z")), P("encrypted_regex", S("a")), P("unencrypted_suffix", S("b")));
        Assert.Contains("more than one selection rule", Assert.Throws<SopsException>(() => MetadataCodec.Read(two)).Message);
        var none = M(P("lastmodified", S("2026-01-02T03:04:05Z")));
        Assert.Equal(SopsError.CouldNotRetrieveKey, Assert.Throws<SopsException>(() => MetadataCodec.Read(none)).Error);
    }

    private static string Leaf(Mapping doc, string dotted)
    {
        Node node = doc;
        foreach (var k in dotted.Split('.'))
        {
            node = ((Mapping)node)[k]!;
        }

        return ((Scalar)node).Text;
    }

    private static string Open(Node? node, byte[] key, string aad)
    {
        var text = node switch { Scalar s => s.Text, Comment c => c.Text, _ => throw new InvalidOperationException() };
        Assert.True(EncryptedValue.TryParse(text, out var v));
        return Encoding.UTF8.GetString(ValueCipher.Decrypt(v, key, aad));
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
