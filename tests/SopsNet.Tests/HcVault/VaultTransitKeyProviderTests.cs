using System.Diagnostics;
using System.Security.Cryptography;
using SopsNet.HcVault;
using SopsNet.Keys;
using SopsNet.Tests.GcpKms;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.HcVault;

public sealed class VaultTransitKeyProviderTests : IAsyncLifetime
{
    private FakeVault vault = null!;
    private string uri = "";
    private string nestedUri = "";

    public async Task InitializeAsync()
    {
        vault = await FakeVault.StartAsync();
        uri = vault.AddKey("transit", "sops");
        nestedUri = vault.AddKey("team/a/transit", "app");
        vault.AddToken("root");
        vault.AddToken("team-only", "team/a/transit/app");
    }

    public async Task DisposeAsync() => await vault.DisposeAsync();

    private VaultTransitKeyProvider Provider(string? token = "root", string? allowlist = null, double timeoutSeconds = 10, string? ns = null) =>
        new(() => token, VaultAllowlist.Parse(allowlist), ns, TimeSpan.FromSeconds(timeoutSeconds), TimeProvider.System);

    [Theory]
    [InlineData("https://vault.example.org:8200/v1/transit/keys/sops", "https://vault.example.org:8200", "transit", "sops")]
    [InlineData("http://127.0.0.1:8200/v1/team/a/transit/keys/app", "http://127.0.0.1:8200", "team/a/transit", "app")]
    [InlineData("https://vault/v1/keys/keys/k", "https://vault", "keys", "k")]
    public void A_uri_splits_as_sops_splits_it(string text, string address, string engine, string name)
    {
        var key = VaultTransitKeyProvider.Template(text);
        Assert.Equal(address, key.Field("vault_address"));
        Assert.Equal(engine, key.Field("engine_path"));
        Assert.Equal(name, key.Field("key_name"));
        Assert.Equal($"hc_vault:{text}", KeyIdentity.Of(key));
    }

    [Theory]
    [InlineData("vault:8200/v1/transit/keys/k")]
    [InlineData("https://vault:8200/transit/keys/k")]
    [InlineData("https://vault:8200/v1/transit/k")]
    [InlineData("https://vault:8200/v1/keys/k")]
    public void A_malformed_uri_is_refused(string text) =>
        Assert.Throws<ArgumentException>(() => VaultTransitKeyProvider.Template(text));

    [Fact]
    public async Task A_data_key_round_trips_through_transit_and_enc_is_vaults_ciphertext_verbatim()
    {
        using var provider = Provider(ns: "ops");
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = await provider.WrapAsync(VaultTransitKeyProvider.Template(nestedUri), dataKey, default);

        Assert.StartsWith("vault:v1:", wrapped.Enc);
        Assert.True(DateTimeOffset.TryParse(wrapped.Field("created_at"), out _));
        Assert.Equal(dataKey, await provider.UnwrapAsync(wrapped, default));
        Assert.Equal("ops", vault.LastNamespace);
    }

    [Fact]
    public async Task A_token_whose_policy_does_not_cover_the_key_is_denied()
    {
        using var root = Provider();
        var wrapped = await root.WrapAsync(VaultTransitKeyProvider.Template(uri), new byte[32], default);
        using var provider = Provider("team-only");

        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.UnwrapAsync(wrapped, default));
        Assert.Equal($"{vault.Address}: decrypt: permission denied (403): permission denied", e.Message);
    }

    [Fact]
    public async Task Without_a_token_nothing_is_contacted()
    {
        using var provider = Provider(token: null);
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.WrapAsync(VaultTransitKeyProvider.Template(uri), new byte[32], default));
        Assert.StartsWith("no vault token: set VAULT_TOKEN", e.Message);
        Assert.Equal(0, vault.Calls);
    }

    [Fact]
    public void The_token_comes_from_VAULT_TOKEN_else_the_vault_token_file()
    {
        using var home = new TempDir();
        Assert.Null(VaultTransitKeyProvider.TokenFrom(null, home.Path)());
        home.Write(".vault-token", "s.from-file\n");
        Assert.Equal("s.from-file", VaultTransitKeyProvider.TokenFrom(null, home.Path)());
        Assert.Equal("s.env", VaultTransitKeyProvider.TokenFrom("s.env", home.Path)());
    }

    [Fact]
    public async Task A_tampered_ciphertext_is_rejected_with_vaults_message()
    {
        using var provider = Provider();
        var wrapped = await provider.WrapAsync(VaultTransitKeyProvider.Template(uri), new byte[32], default);
        var tampered = wrapped.With("enc", wrapped.Enc[..^6] + (wrapped.Enc[^6] == 'A' ? "B" : "A") + wrapped.Enc[^5..]);
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.UnwrapAsync(tampered, default));
        Assert.Contains("decrypt: rejected (400): invalid ciphertext", e.Message);
    }

    [Fact]
    public async Task Throttling_is_retried_briefly_then_reported()
    {
        using var provider = Provider();
        vault.Throttle(2);
        var wrapped = await provider.WrapAsync(VaultTransitKeyProvider.Template(uri), new byte[32], default);
        Assert.Equal(3, vault.Calls);

        vault.Throttle(100);
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.UnwrapAsync(wrapped, default));
        Assert.Contains("decrypt: throttled (429): request path \"transit/decrypt/sops\": rate limit quota exceeded", e.Message);
    }

    [Fact]
    public async Task A_slow_vault_fails_within_the_timeout()
    {
        vault.Delay = TimeSpan.FromSeconds(30);
        using var provider = Provider(timeoutSeconds: 0.5);
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.WrapAsync(VaultTransitKeyProvider.Template(uri), new byte[32], default));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Equal($"{vault.Address}: no answer within 0.5 s", e.Message);
    }

    [Fact]
    public async Task An_unreachable_vault_says_so()
    {
        var closed = await GcpKmsKeyProviderTests.ClosedPort();
        using var provider = Provider();
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.WrapAsync(VaultTransitKeyProvider.Template(closed + "/v1/transit/keys/sops"), new byte[32], default));
        Assert.StartsWith($"{closed}: unreachable: Connection refused", e.Message);
    }

    [Theory]
    [InlineData("none", false)]
    [InlineData("all", true)]
    [InlineData("https://other.example.org", false)]
    [InlineData("https://other.example.org, http://127.0.0.1:", true)]
    public async Task The_allowlist_decides_which_addresses_get_the_token(string allowlist, bool allowed)
    {
        using var provider = Provider(allowlist: allowlist);
        var wrap = provider.WrapAsync(VaultTransitKeyProvider.Template(uri), new byte[32], default);
        if (allowed)
        {
            await wrap;
            return;
        }

        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => wrap);
        Assert.Equal($"{vault.Address} is not allowed by SOPS_HC_VAULT_ALLOWLIST, so the vault token is not sent there", e.Message);
        Assert.Equal(0, vault.Calls);
    }
}
