using System.Collections.Immutable;
using System.Security.Cryptography;
using System.Text;
using SopsNet.Age;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Selection;
using SopsNet.Stores;
using SopsNet.Stores.Dotenv;
using SopsNet.Stores.Json;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Tests.Core;

/// <summary>
/// The read-back check every write goes through, fed the output of a broken writer directly: each kind of
/// damage is refused with one line naming the path and never the value; legitimate outputs, including
/// values that also occur in clear elsewhere in the file, pass.
/// </summary>
public sealed class OutputVerifierTests
{
    private const string Secret = "correct-horse-battery";

    private static readonly X25519Identity Identity = X25519Identity.Generate();

    private sealed record Encrypted(IStore Store, byte[] Output, ImmutableArray<Mapping> Plaintext, SopsMetadata Metadata, byte[] DataKey)
    {
        public string Text => Encoding.UTF8.GetString(Output);

        public void Verify(string text) =>
            OutputVerifier.VerifyEncrypted(Store, Encoding.UTF8.GetBytes(text), Plaintext, Metadata, DataKey, conversion: false);
    }

    private static async Task<Encrypted> EncryptAsync(IStore store, string plaintext, SelectionRule? rule = null)
    {
        var parsed = store.Parse(Encoding.UTF8.GetBytes(plaintext));
        var engine = new SopsEngine(new KeyRing([new AgeKeyProvider([Identity])]), RandomNumberGenerator.Fill, TimeProvider.System);
        var settings = new EncryptionSettings([[MasterKey.Create("age", ("recipient", Identity.Recipient.ToString()!))]])
        {
            Rule = rule ?? SelectionRule.Default,
        };
        var (fresh, dataKey) = await engine.NewDataKeyAsync(settings, default);
        var (documents, metadata) = engine.Encrypt(parsed.Documents, fresh, dataKey, null);
        return new Encrypted(store, store.Write(documents, MetadataCodec.Write(metadata), parsed), parsed.Documents, metadata, dataKey);
    }

    private static void AssertRefused(Action verify, string path)
    {
        var e = Assert.Throws<SopsException>(verify);
        Assert.Equal(SopsError.ErrorDumpingTree, e.Error);
        Assert.StartsWith("the output failed its read-back check, so nothing was written: ", e.Message);
        Assert.True(e.Message.Contains(path, StringComparison.Ordinal), $"'{path}' not in: {e.Message}");
        Assert.DoesNotContain(Secret, e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }

    private const string Yaml = $"# config\npassword: {Secret}\nnote: |\n  {Secret}\n  second line\nport: 5432\nname_unencrypted: visible\n";

    [Fact]
    public async Task A_correct_output_passes()
    {
        var file = await EncryptAsync(new YamlStore(), Yaml);
        file.Verify(file.Text);
    }

    [Fact]
    public async Task An_output_without_its_sops_block_is_refused()
    {
        var file = await EncryptAsync(new YamlStore(), Yaml);
        AssertRefused(() => file.Verify(file.Text[..file.Text.IndexOf("sops:", StringComparison.Ordinal)]), "[\"sops\"]");
    }

    [Fact]
    public async Task An_output_with_a_value_in_clear_is_refused()
    {
        var file = await EncryptAsync(new YamlStore(), Yaml);
        var broken = string.Join('\n', file.Text.Split('\n').Select(l => l.StartsWith("password:", StringComparison.Ordinal) ? "password: " + Secret : l));
        AssertRefused(() => file.Verify(broken), "[\"password\"]");
    }

    [Fact]
    public async Task An_output_showing_a_values_plaintext_beside_its_envelope_is_refused()
    {
        // Decrypts fine (text after an envelope's closing bracket is ignored, as by sops), but shows the secret.
        var file = await EncryptAsync(new JsonStore(), $"{{\n\t\"password\": \"{Secret}\",\n\t\"port\": 5432\n}}\n");
        var envelopeEnd = file.Text.IndexOf("type:str]", StringComparison.Ordinal) + "type:str]".Length;
        AssertRefused(() => file.Verify(file.Text.Insert(envelopeEnd, " " + Secret)), "[\"password\"]");
    }

    [Fact]
    public async Task A_line_of_a_multi_line_value_in_clear_is_refused()
    {
        var file = await EncryptAsync(new YamlStore(), Yaml);
        var envelopeEnd = file.Text.IndexOf("type:str]", StringComparison.Ordinal) + "type:str]".Length;
        AssertRefused(() => file.Verify(file.Text.Insert(envelopeEnd, "   second line")), "[\"note\"]");
    }

    [Fact]
    public async Task Changed_metadata_is_refused_naming_the_field()
    {
        var file = await EncryptAsync(new YamlStore(), Yaml);
        AssertRefused(() => file.Verify(file.Text.Replace("version: 3.13.2", "version: 3.7.0", StringComparison.Ordinal)), "[\"sops\"][\"version\"]");
        var recipient = Identity.Recipient.ToString()!;
        AssertRefused(() => file.Verify(file.Text.Replace(recipient, recipient[..^1] + "q", StringComparison.Ordinal)), "[\"sops\"][\"age\"][0][\"recipient\"]");
    }

    [Fact]
    public async Task A_lost_or_renamed_key_is_refused()
    {
        var file = await EncryptAsync(new DotenvStore(), $"PASSWORD={Secret}\nPORT=5432\nHOST_unencrypted=db\n");
        AssertRefused(() => file.Verify(file.Text.Replace("HOST_", "HOSTS_", StringComparison.Ordinal)), "[\"HOST_unencrypted\"]");
        AssertRefused(() => file.Verify(string.Join('\n', file.Text.Split('\n').Where(l => !l.StartsWith("PORT=", StringComparison.Ordinal)))), "[\"PORT\"]");
    }

    [Fact]
    public async Task An_output_that_does_not_parse_is_refused()
    {
        var file = await EncryptAsync(new JsonStore(), $"{{\"password\": \"{Secret}\"}}");
        AssertRefused(() => file.Verify(file.Text[..^3]), "does not parse");
    }

    [Fact]
    public async Task Values_that_also_occur_in_clear_are_not_taken_for_leaks()
    {
        // The secret values are also keys, clear values, comments, parts of keys, and a whole clear line.
        var rule = new SelectionRule(SelectionRuleKind.EncryptedRegex, "^secret");
        var file = await EncryptAsync(new YamlStore(), string.Join('\n',
            "# production settings",
            "environment: production",
            "production: true",
            "password12: x",
            "user: admin1234",
            "secret_env: production",
            "secret_pass: password1",
            "secret_line: 'user: admin1234'",
            "secret_short: yes",
            "secret_comment_word: settings",
            ""), rule);
        file.Verify(file.Text);
    }

    [Fact]
    public void A_decrypted_output_must_read_back_without_metadata()
    {
        var store = new YamlStore();
        var plain = store.Parse(Encoding.UTF8.GetBytes("a: x\n")).Documents;
        OutputVerifier.VerifyDecrypted(store, Encoding.UTF8.GetBytes("a: x\n"), plain, conversion: false);
        AssertRefused(() => OutputVerifier.VerifyDecrypted(store, Encoding.UTF8.GetBytes("a: x\nsops:\n    version: 3.13.2\n"), plain, conversion: false), "sops metadata");
        AssertRefused(() => OutputVerifier.VerifyDecrypted(store, Encoding.UTF8.GetBytes("a: y\n"), plain, conversion: false), "[\"a\"]");
    }
}
