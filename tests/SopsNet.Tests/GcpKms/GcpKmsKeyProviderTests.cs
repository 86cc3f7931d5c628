using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json;
using SopsNet.GcpKms;
using SopsNet.Keys;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.GcpKms;

public sealed class GcpKmsKeyProviderTests : IAsyncLifetime
{
    private const string KeyId = "projects/p/locations/global/keyRings/sops/cryptoKeys/data";
    private const string OtherKeyId = "projects/p/locations/global/keyRings/sops/cryptoKeys/other";
    private FakeGcpKms kms = null!;

    public async Task InitializeAsync()
    {
        kms = await FakeGcpKms.StartAsync();
        kms.AddKey(KeyId);
        kms.AddKey(OtherKeyId);
        kms.AddToken("good-token");
        kms.AddToken("other-only", OtherKeyId);
    }

    public async Task DisposeAsync() => await kms.DisposeAsync();

    private GcpKmsKeyProvider Provider(string token = "good-token", string? endpoint = null, double timeoutSeconds = 10) =>
        new(GcpCredentials.Fixed(token), endpoint ?? kms.Endpoint, TimeSpan.FromSeconds(timeoutSeconds), TimeProvider.System);

    [Fact]
    public async Task A_data_key_round_trips_and_the_entry_has_the_sops_fields()
    {
        using var provider = Provider();
        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = await provider.WrapAsync(GcpKmsKeyProvider.Template(KeyId), dataKey, default);

        Assert.Equal(KeyId, wrapped.Field("resource_id"));
        Assert.True(DateTimeOffset.TryParse(wrapped.Field("created_at"), out _));
        Assert.NotEqual(Convert.ToBase64String(dataKey), wrapped.Enc);
        Assert.Equal(12 + 32 + 16, Convert.FromBase64String(wrapped.Enc).Length);
        Assert.Equal(dataKey, await provider.UnwrapAsync(wrapped, default));
        Assert.Equal(2, kms.Calls);
    }

    [Fact]
    public async Task A_ciphertext_made_for_one_key_does_not_open_under_another()
    {
        using var provider = Provider();
        var wrapped = await provider.WrapAsync(GcpKmsKeyProvider.Template(KeyId), new byte[32], default);
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.UnwrapAsync(wrapped.With("resource_id", OtherKeyId), default));
        Assert.Contains("http 400: Decryption failed", e.Message);
    }

    [Fact]
    public async Task A_token_without_permission_on_the_key_is_denied_with_googles_message()
    {
        using var good = Provider();
        var wrapped = await good.WrapAsync(GcpKmsKeyProvider.Template(KeyId), new byte[32], default);
        using var provider = Provider("other-only");

        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.UnwrapAsync(wrapped, default));
        Assert.Contains(kms.Endpoint, e.Message);
        Assert.Contains("permission denied (403): Permission 'cloudkms.cryptoKeyVersions.useToDecrypt' denied on resource", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public async Task An_invalid_token_is_not_authenticated()
    {
        using var provider = Provider("expired");
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.WrapAsync(GcpKmsKeyProvider.Template(KeyId), new byte[32], default));
        Assert.Contains("encrypt: not authenticated (401): Request had invalid authentication credentials", e.Message);
    }

    [Fact]
    public async Task A_short_burst_of_throttling_is_ridden_out_and_a_persistent_one_is_reported()
    {
        using var provider = Provider();
        kms.Throttle(1);
        var wrapped = await provider.WrapAsync(GcpKmsKeyProvider.Template(KeyId), new byte[32], default);
        Assert.Equal(2, kms.Calls);

        kms.Throttle(100);
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.UnwrapAsync(wrapped, default));
        Assert.Contains("decrypt: throttled (429): Quota exceeded", e.Message);
        Assert.Equal(5, kms.Calls);
    }

    [Fact]
    public async Task A_slow_endpoint_fails_within_the_timeout()
    {
        kms.Delay = TimeSpan.FromSeconds(30);
        using var provider = Provider(timeoutSeconds: 0.5);
        var clock = Stopwatch.StartNew();
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.WrapAsync(GcpKmsKeyProvider.Template(KeyId), new byte[32], default));
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        Assert.Contains($"{kms.Endpoint}: no answer within 0.5 s", e.Message);
    }

    [Fact]
    public async Task An_unreachable_endpoint_says_so()
    {
        var closed = await ClosedPort();
        using var provider = Provider(endpoint: closed);
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.WrapAsync(GcpKmsKeyProvider.Template(KeyId), new byte[32], default));
        Assert.Contains($"{closed}: unreachable: Connection refused", e.Message);
    }

    [Fact]
    public async Task Without_any_credentials_nothing_is_contacted_and_the_error_says_what_to_set()
    {
        using var home = new TempDir();
        var env = new Dictionary<string, string> { ["HOME"] = home.Path };
        using var provider = new GcpKmsKeyProvider(GcpCredentials.FromEnvironment(env.GetValueOrDefault), kms.Endpoint, TimeSpan.FromSeconds(5), TimeProvider.System);

        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.WrapAsync(GcpKmsKeyProvider.Template(KeyId), new byte[32], default));
        Assert.StartsWith("no google credentials: set GOOGLE_OAUTH_ACCESS_TOKEN or GOOGLE_CREDENTIALS", e.Message);
        Assert.Equal(0, kms.Calls);
    }

    [Fact]
    public async Task Plain_http_is_refused_for_an_endpoint_that_is_not_loopback()
    {
        using var provider = Provider(endpoint: "http://kms.example.org");
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.WrapAsync(GcpKmsKeyProvider.Template(KeyId), new byte[32], default));
        Assert.Contains("must be https", e.Message);
    }

    [Theory]
    [InlineData("file")]
    [InlineData("json")]
    public async Task A_service_account_in_GOOGLE_CREDENTIALS_is_exchanged_for_a_token(string form)
    {
        using var rsa = RSA.Create(2048);
        kms.ServiceAccountKey = rsa;
        var json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["project_id"] = "p",
            ["private_key_id"] = "k1",
            ["private_key"] = rsa.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = "sops@p.iam.gserviceaccount.com",
            ["client_id"] = "1",
            ["token_uri"] = kms.Endpoint + "/token",
        });
        using var dir = new TempDir();
        var env = new Dictionary<string, string> { ["HOME"] = dir.Path, ["GOOGLE_CREDENTIALS"] = form == "file" ? dir.Write("sa.json", json) : json };
        using var provider = new GcpKmsKeyProvider(GcpCredentials.FromEnvironment(env.GetValueOrDefault), kms.Endpoint, TimeSpan.FromSeconds(10), TimeProvider.System);

        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = await provider.WrapAsync(GcpKmsKeyProvider.Template(KeyId), dataKey, default);
        Assert.Equal(dataKey, await provider.UnwrapAsync(wrapped, default));
    }

    [Fact]
    public async Task Gcloud_application_default_credentials_in_the_home_directory_are_used()
    {
        using var home = new TempDir();
        home.Write(".config/gcloud/application_default_credentials.json", JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "authorized_user",
            ["client_id"] = "client-1",
            ["client_secret"] = "secret-1",
            ["refresh_token"] = FakeGcpKms.UserRefreshToken,
            ["token_uri"] = kms.Endpoint + "/token",
        }));
        var env = new Dictionary<string, string> { ["HOME"] = home.Path };
        using var provider = new GcpKmsKeyProvider(GcpCredentials.FromEnvironment(env.GetValueOrDefault), kms.Endpoint, TimeSpan.FromSeconds(10), TimeProvider.System);

        var dataKey = RandomNumberGenerator.GetBytes(32);
        var wrapped = await provider.WrapAsync(GcpKmsKeyProvider.Template(KeyId), dataKey, default);
        Assert.Equal(dataKey, await provider.UnwrapAsync(wrapped, default));
    }

    [Fact]
    public async Task A_service_account_key_the_token_endpoint_rejects_gives_its_oauth_error()
    {
        using var registered = RSA.Create(2048);
        using var other = RSA.Create(2048);
        kms.ServiceAccountKey = registered;
        var json = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["type"] = "service_account",
            ["private_key"] = other.ExportPkcs8PrivateKeyPem(),
            ["client_email"] = "sops@p.iam.gserviceaccount.com",
            ["token_uri"] = kms.Endpoint + "/token",
        });
        var env = new Dictionary<string, string> { ["GOOGLE_CREDENTIALS"] = json };
        using var provider = new GcpKmsKeyProvider(GcpCredentials.FromEnvironment(env.GetValueOrDefault), kms.Endpoint, TimeSpan.FromSeconds(10), TimeProvider.System);

        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.WrapAsync(GcpKmsKeyProvider.Template(KeyId), new byte[32], default));
        Assert.Equal($"cannot get a google access token from {kms.Endpoint}/token: http 400: invalid_grant: Invalid JWT Signature.", e.Message);
        Assert.Equal(0, kms.Calls);
    }

    [Fact]
    public async Task Credentials_that_are_not_json_give_a_clear_error()
    {
        var env = new Dictionary<string, string> { ["GOOGLE_CREDENTIALS"] = "{not json" };
        using var provider = new GcpKmsKeyProvider(GcpCredentials.FromEnvironment(env.GetValueOrDefault), kms.Endpoint, TimeSpan.FromSeconds(5), TimeProvider.System);
        var e = await Assert.ThrowsAsync<KeyUnwrapException>(() => provider.WrapAsync(GcpKmsKeyProvider.Template(KeyId), new byte[32], default));
        Assert.StartsWith("the google credentials from GOOGLE_CREDENTIALS are not valid json", e.Message);
    }

    [Theory]
    [InlineData("projects/p/locations/l/keyRings/r")]
    [InlineData("arn:aws:kms:us-east-1:1:key/x")]
    public void A_resource_id_that_is_not_a_crypto_key_is_refused(string id) =>
        Assert.Throws<ArgumentException>(() => GcpKmsKeyProvider.Template(id));

    internal static async Task<string> ClosedPort()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await Task.Yield();
        return $"http://127.0.0.1:{port}";
    }
}
