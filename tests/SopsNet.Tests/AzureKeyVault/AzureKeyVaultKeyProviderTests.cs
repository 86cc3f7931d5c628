using System.Security.Cryptography;
using Azure.Identity;
using SopsNet.AzureKeyVault;
using SopsNet.Keys;

namespace SopsNet.Tests.AzureKeyVault;

/// <summary>The provider through Azure.Core's real pipeline and Azure.Identity's real client-secret credential, against the fake vault.</summary>
public sealed class AzureKeyVaultKeyProviderTests : IAsyncLifetime
{
    private FakeKeyVault vault = null!;

    public async Task InitializeAsync() => vault = await FakeKeyVault.StartAsync();

    public async Task DisposeAsync() => await vault.DisposeAsync();

    private AzureKeyVaultKeyProvider Provider(string clientId = FakeKeyVault.ClientId, string secret = FakeKeyVault.ClientSecret, TimeSpan? timeout = null)
    {
        var transport = PinnedCertificateTransport.Create(vault.Certificate);
        var credential = new ClientSecretCredential(FakeKeyVault.Tenant, clientId, secret, new ClientSecretCredentialOptions
        {
            AuthorityHost = new Uri(vault.Url),
            DisableInstanceDiscovery = true,
            Transport = transport,
        });
        return new AzureKeyVaultKeyProvider(credential, new AzureKeyVaultOptions { Transport = transport, Timeout = timeout ?? TimeSpan.FromSeconds(20) });
    }

    private MasterKey Template(string name, string? version = null) => AzureKeyVaultKeyUrl.Parse(vault.KeyUrl(name, version)).ToTemplate();

    [Fact]
    public async Task A_data_key_round_trips_and_enc_is_unpadded_base64url_of_an_rsa_2048_ciphertext()
    {
        var version = vault.AddKeyVersion("sops");
        var provider = Provider();
        var dataKey = RandomNumberGenerator.GetBytes(32);

        var wrapped = await provider.WrapAsync(Template("sops", version), dataKey, CancellationToken.None);

        Assert.Matches("^[A-Za-z0-9_-]{342}$", wrapped.Enc);
        Assert.Equal(version, wrapped.Field("version"));
        Assert.Equal(vault.Url, wrapped.Field("vault_url"));
        Assert.Equal("sops", wrapped.Field("name"));
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", wrapped.Field("created_at"));
        Assert.Equal(dataKey, await Provider().UnwrapAsync(wrapped, CancellationToken.None));
        Assert.Equal(0, vault.Count("GET /keys/"));
    }

    [Fact]
    public async Task Without_a_version_the_current_one_is_looked_up_and_stored()
    {
        vault.AddKeyVersion("rotating");
        var current = vault.AddKeyVersion("rotating");
        var provider = Provider();

        var wrapped = await provider.WrapAsync(Template("rotating"), RandomNumberGenerator.GetBytes(32), CancellationToken.None);
        await provider.WrapAsync(Template("rotating"), RandomNumberGenerator.GetBytes(32), CancellationToken.None);

        Assert.Equal(current, wrapped.Field("version"));
        Assert.Equal(1, vault.Count("GET /keys/rotating"));
        Assert.Equal(2, vault.Count($"POST /keys/rotating/{current}/encrypt"));
    }

    [Fact]
    public async Task The_same_wrapped_key_is_unwrapped_once_even_when_asked_concurrently()
    {
        var version = vault.AddKeyVersion("shared");
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = await Provider().WrapAsync(Template("shared", version), dataKey, CancellationToken.None);
        var provider = Provider();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => provider.UnwrapAsync(wrapped, CancellationToken.None)));

        Assert.All(results, r => Assert.Equal(dataKey, r));
        Assert.Equal(1, vault.Count($"POST /keys/shared/{version}/decrypt"));
    }

    [Fact]
    public async Task Wrong_ciphertext_fails_naming_the_endpoint()
    {
        var version = vault.AddKeyVersion("k");
        var wrapped = Template("k", version).With("enc", "AAAA");

        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => Provider().UnwrapAsync(wrapped, CancellationToken.None));

        Assert.Equal($"POST {vault.Url}/keys/k/{version}/decrypt: http 400 Bad Request: BadParameter: Invalid ciphertext or value.", e.Message);
    }

    [Fact]
    public async Task A_token_the_vault_does_not_accept_is_a_401()
    {
        var version = vault.AddKeyVersion("k");
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() =>
            Provider(clientId: FakeKeyVault.StrangerId).WrapAsync(Template("k", version), new byte[32], CancellationToken.None));

        Assert.StartsWith($"POST {vault.Url}/keys/k/{version}/encrypt: no valid credentials (401 unauthorized)", e.Message);
    }

    [Fact]
    public async Task A_rejected_client_secret_says_authentication_failed()
    {
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() =>
            Provider(secret: "wrong").WrapAsync(Template("k", "v1"), new byte[32], CancellationToken.None));

        Assert.StartsWith($"POST {vault.Url}/keys/k/v1/encrypt: azure authentication failed:", e.Message);
        Assert.Contains("AADSTS7000215", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task A_silent_server_times_out_within_the_configured_time()
    {
        using var silent = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        silent.Start();
        var port = ((System.Net.IPEndPoint)silent.LocalEndpoint).Port;
        var key = AzureKeyVaultKeyUrl.Parse($"https://127.0.0.1:{port}/keys/k/v1").ToTemplate().With("enc", "AAAA");
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() =>
            Provider(timeout: TimeSpan.FromSeconds(2)).UnwrapAsync(key, CancellationToken.None));

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));
        Assert.Contains("no answer within the timeout of 2 s", e.Message);
    }
}
