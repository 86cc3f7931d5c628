using SopsNet.Tests.Support;
using System.Security.Cryptography;
using SopsNet.Age;
using SopsNet.Keys;
using Xunit;

namespace SopsNet.Tests.Age;

public sealed class AgeKeyProviderTests : IDisposable
{
    private const string TestRecipient = "age1lzd99uklcjnc0e7d860axevet2cz99ce9pq6tzuzd05l5nr28ams36nvun";
    private readonly TempKeys keys = new();

    public void Dispose() => keys.Dispose();

    private static IReadOnlyList<IAgeIdentity> TestIdentities() =>
        AgeIdentities.ParseKeyFile(File.ReadAllText(TestPaths.Corpus("keys/age-test-identity.txt")), "age-test-identity.txt");

    [Fact]
    public async Task WrapsAndUnwrapsA32ByteKey()
    {
        var provider = new AgeKeyProvider(TestIdentities());
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var wrapped = await provider.WrapAsync(MasterKey.Create("age", ("recipient", TestRecipient)), dataKey, default);

        Assert.Equal(TestRecipient, wrapped.Field("recipient"));
        Assert.StartsWith("-----BEGIN AGE ENCRYPTED FILE-----\n", wrapped.Enc);
        Assert.Equal(dataKey, await provider.UnwrapAsync(wrapped, default));
        Assert.Equal("age", provider.Type);
        Assert.Equal(TestRecipient, provider.Describe(wrapped));
    }

    [ExternalToolFact(ExternalTool.Age)]
    public async Task WrappedKeyOpensWithTheAgeCli()
    {
        var (keyFile, recipient) = keys.AgeKey();
        var provider = new AgeKeyProvider([]);
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var wrapped = await provider.WrapAsync(MasterKey.Create("age", ("recipient", recipient)), dataKey, default);
        File.WriteAllText(keys.Path("enc"), wrapped.Enc);
        TempKeys.Run("age", "-d", "-i", keyFile, "-o", keys.Path("out"), keys.Path("enc"));

        Assert.Equal(dataKey, File.ReadAllBytes(keys.Path("out")));
    }

    [Fact]
    public async Task RandomnessCanBeMadeDeterministic()
    {
        static void Counter(Span<byte> b)
        {
            for (var i = 0; i < b.Length; i++)
            {
                b[i] = (byte)(i + 1);
            }
        }

        var provider = new AgeKeyProvider([], Counter);
        var key = MasterKey.Create("age", ("recipient", TestRecipient));

        var first = await provider.WrapAsync(key, new byte[32], default);
        var second = await provider.WrapAsync(key, new byte[32], default);

        Assert.Equal(first.Enc, second.Enc);
        Assert.Equal(new byte[32], await new AgeKeyProvider(TestIdentities()).UnwrapAsync(first, default));
    }

    [Fact]
    public async Task WrongIdentityNamesTheRecipient()
    {
        var wrapped = await new AgeKeyProvider([]).WrapAsync(MasterKey.Create("age", ("recipient", TestRecipient)), new byte[32], default);
        var other = X25519Identity.Generate();

        var ex = await Assert.ThrowsAsync<KeyUnwrapException>(() => new AgeKeyProvider([other]).UnwrapAsync(wrapped, default));

        Assert.StartsWith("no age identity matches recipient " + TestRecipient, ex.Message);
        Assert.Contains(other.Recipient.Text, ex.Message);
        Assert.DoesNotContain("AGE-SECRET-KEY", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
    }

    [Fact]
    public async Task CorruptEncGivesAClearOneLineError()
    {
        var wrapped = await new AgeKeyProvider([]).WrapAsync(MasterKey.Create("age", ("recipient", TestRecipient)), new byte[32], default);
        // Flip a payload character (last base64 line): a damaged X25519 stanza would instead look
        // like a key that does not match, since X25519 stanzas do not name their recipient.
        var lines = wrapped.Enc.Split('\n');
        var line = lines[^3].ToCharArray();
        line[10] = line[10] == 'A' ? 'B' : 'A';
        lines[^3] = new string(line);
        var corrupt = wrapped.With("enc", string.Join('\n', lines));

        var ex = await Assert.ThrowsAsync<KeyUnwrapException>(() => new AgeKeyProvider(TestIdentities()).UnwrapAsync(corrupt, default));

        Assert.Equal("cannot decrypt the age key for recipient " + TestRecipient + ": age: corrupt file: the payload failed authentication", ex.Message);
        Assert.DoesNotContain("\n", ex.Message);
        Assert.DoesNotContain(" at ", ex.Message);
    }

    [Fact]
    public async Task TruncatedArmorIsCorrupt()
    {
        var wrapped = await new AgeKeyProvider([]).WrapAsync(MasterKey.Create("age", ("recipient", TestRecipient)), new byte[32], default);
        var truncated = wrapped.With("enc", wrapped.Enc.Replace("-----END AGE ENCRYPTED FILE-----\n", ""));

        var ex = await Assert.ThrowsAsync<KeyUnwrapException>(() => new AgeKeyProvider(TestIdentities()).UnwrapAsync(truncated, default));

        Assert.Contains("malformed armor", ex.Message);
    }

    [Fact]
    public async Task NoIdentitiesExplainsWhereToPutThem()
    {
        var provider = new AgeKeyProvider(() => AgeIdentityLoader.Load(new AgeIdentitySources()));
        var wrapped = await new AgeKeyProvider([]).WrapAsync(MasterKey.Create("age", ("recipient", TestRecipient)), new byte[32], default);

        var ex = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.UnwrapAsync(wrapped, default));

        Assert.StartsWith("no age identities were found: set SOPS_AGE_KEY_FILE", ex.Message);
    }

    [Fact]
    public async Task LoadErrorsAreReportedWhenNothingMatches()
    {
        var missing = keys.Path("missing-keys.txt");
        var provider = new AgeKeyProvider(() => AgeIdentityLoader.Load(new AgeIdentitySources { KeyFile = missing }));
        var wrapped = await new AgeKeyProvider([]).WrapAsync(MasterKey.Create("age", ("recipient", TestRecipient)), new byte[32], default);

        var ex = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.UnwrapAsync(wrapped, default));

        Assert.Contains($"cannot read SOPS_AGE_KEY_FILE file {missing}: no such file", ex.Message);
    }

    [Fact]
    public async Task DecryptsTheAgeEntryOfARealSopsFile()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllText(TestPaths.Corpus("age-added/ft-format.age-added.json")));
        var entry = doc.RootElement.GetProperty("sops").GetProperty("age")[0];
        using var vectors = System.Text.Json.JsonDocument.Parse(
            File.ReadAllText(TestPaths.Corpus("derived-vectors/functional-tests/res/format.enc.json.vectors.json")));
        var key = MasterKey.Create("age", ("recipient", entry.GetProperty("recipient").GetString()!), ("enc", entry.GetProperty("enc").GetString()!));

        var dataKey = await new AgeKeyProvider(TestIdentities()).UnwrapAsync(key, default);

        Assert.Equal(vectors.RootElement.GetProperty("test_data_key_hex").GetString(), Convert.ToHexStringLower(dataKey));
    }

    [Fact]
    public async Task MalformedRecipientFailsWrapWithAKeyError()
    {
        var key = MasterKey.Create("age", ("recipient", "age1pq1qqqqqqqqqqqqqqqqqqqqqq"));

        var ex = await Assert.ThrowsAsync<KeyUnwrapException>(() => new AgeKeyProvider([]).WrapAsync(key, new byte[32], default));

        Assert.Contains("malformed recipient", ex.Message);
        Assert.Contains("hybrid post-quantum", ex.Message);
    }
}
