using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SopsNet.Keys;

namespace SopsNet.GcpKms;

/// <summary>
/// Gets OAuth access tokens the way Google's auth libraries do, for the three credential kinds sops users
/// have: a service account key (a signed JWT exchanged at <c>token_uri</c>), an <c>authorized_user</c> file
/// from <c>gcloud auth application-default login</c> (a refresh token), and the GCE metadata server.
/// Written here rather than taken from Google.Apis.Auth because that package (through Newtonsoft.Json)
/// cannot be published with NativeAOT without warnings. Tokens are cached until a minute before expiry.
/// </summary>
internal sealed class GoogleTokenSource
{
    public const string CloudKmsScope = "https://www.googleapis.com/auth/cloudkms";
    private const string DefaultTokenUri = "https://oauth2.googleapis.com/token";

    private static readonly HttpClient Http = new(new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(20) }) { Timeout = Timeout.InfiniteTimeSpan };

    private readonly Func<CancellationToken, Task<(string Token, TimeSpan Lifetime)>> fetch;
    private readonly SemaphoreSlim gate = new(1, 1);
    private string? token;
    private DateTimeOffset expires;

    private GoogleTokenSource(Func<CancellationToken, Task<(string, TimeSpan)>> fetch) => this.fetch = fetch;

    public async Task<string> GetAsync(CancellationToken ct)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (token is null || DateTimeOffset.UtcNow > expires - TimeSpan.FromMinutes(1))
            {
                var (t, lifetime) = await fetch(ct).ConfigureAwait(false);
                (token, expires) = (t, DateTimeOffset.UtcNow + lifetime);
            }

            return token;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>From a credentials JSON file's content (<paramref name="source"/> names where it came from, for messages).</summary>
    public static GoogleTokenSource FromJson(string json, string source)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(json);
            root = doc.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new KeyUnwrapException($"the google credentials from {source} are not valid json: {e.Message}", e);
        }

        string Field(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } s
            ? s
            : throw new KeyUnwrapException($"the google credentials from {source} have no \"{name}\" field");

        string? Optional(string name) => root.ValueKind == JsonValueKind.Object && root.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

        switch (Field("type"))
        {
            case "service_account":
            {
                var email = Field("client_email");
                var keyId = Optional("private_key_id");
                var tokenUri = Optional("token_uri") ?? DefaultTokenUri;
                using (var check = RSA.Create())
                {
                    try
                    {
                        check.ImportFromPem(Field("private_key"));
                    }
                    catch (ArgumentException e)
                    {
                        throw new KeyUnwrapException($"the google credentials from {source}: the private_key is not a PEM RSA key", e);
                    }
                }

                var pem = Field("private_key");
                return new GoogleTokenSource(ct => PostFormAsync(tokenUri, new Dictionary<string, string>
                {
                    ["grant_type"] = "urn:ietf:params:oauth:grant-type:jwt-bearer",
                    ["assertion"] = SignedJwt(pem, keyId, email, tokenUri),
                }, ct));
            }

            case "authorized_user":
            {
                var form = new Dictionary<string, string>
                {
                    ["grant_type"] = "refresh_token",
                    ["client_id"] = Field("client_id"),
                    ["client_secret"] = Field("client_secret"),
                    ["refresh_token"] = Field("refresh_token"),
                };
                var tokenUri = Optional("token_uri") ?? DefaultTokenUri;
                return new GoogleTokenSource(ct => PostFormAsync(tokenUri, form, ct));
            }

            case var other:
                throw new KeyUnwrapException(
                    $"the google credentials from {source} are of type {other}; sopsnet supports service_account and authorized_user (or set GOOGLE_OAUTH_ACCESS_TOKEN)");
        }
    }

    /// <summary>The metadata server of a GCE VM, GKE node or Cloud Run service.</summary>
    public static GoogleTokenSource Metadata(string host) => new(async ct =>
    {
        var url = $"http://{host}/computeMetadata/v1/instance/service-accounts/default/token";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Add("Metadata-Flavor", "Google");
        return await SendAsync(request, url, ct).ConfigureAwait(false);
    });

    private static async Task<(string, TimeSpan)> PostFormAsync(string url, Dictionary<string, string> form, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new FormUrlEncodedContent(form) };
        return await SendAsync(request, url, ct).ConfigureAwait(false);
    }

    private static async Task<(string, TimeSpan)> SendAsync(HttpRequestMessage request, string url, CancellationToken ct)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        string text;
        HttpResponseMessage response;
        try
        {
            response = await Http.SendAsync(request, ct).ConfigureAwait(false);
            text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
        }
        catch (HttpRequestException e)
        {
            throw new KeyUnwrapException($"cannot get a google access token: {url} unreachable: {GcpCredentials.OneLine(e.Message)}", e);
        }

        using (response)
        {
            try
            {
                using var doc = JsonDocument.Parse(text);
                var root = doc.RootElement;
                if (response.IsSuccessStatusCode && root.ValueKind == JsonValueKind.Object &&
                    root.TryGetProperty("access_token", out var t) && t.ValueKind == JsonValueKind.String)
                {
                    var seconds = root.TryGetProperty("expires_in", out var e) && e.TryGetInt32(out var s) ? s : 3600;
                    return (t.GetString()!, TimeSpan.FromSeconds(seconds));
                }

                // OAuth errors: {"error":"invalid_grant","error_description":"…"}.
                var error = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var er) && er.ValueKind == JsonValueKind.String ? er.GetString() : null;
                var description = root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error_description", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
                throw new KeyUnwrapException($"cannot get a google access token from {url}: http {(int)response.StatusCode}" +
                                             (error is null ? "" : $": {error}") + (description is null ? "" : $": {GcpCredentials.OneLine(description)}"));
            }
            catch (JsonException)
            {
                throw new KeyUnwrapException($"cannot get a google access token from {url}: http {(int)response.StatusCode}, not a json answer");
            }
        }
    }

    /// <summary>An RS256 JWT asking for the Cloud KMS scope, valid for an hour (Google's maximum).</summary>
    private static string SignedJwt(string pem, string? keyId, string email, string audience)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var header = Segment(w =>
        {
            w.WriteString("alg", "RS256");
            w.WriteString("typ", "JWT");
            if (keyId is not null)
            {
                w.WriteString("kid", keyId);
            }
        });
        var claims = Segment(w =>
        {
            w.WriteString("iss", email);
            w.WriteString("scope", CloudKmsScope);
            w.WriteString("aud", audience);
            w.WriteNumber("iat", now);
            w.WriteNumber("exp", now + 3600);
        });
        using var rsa = RSA.Create();
        rsa.ImportFromPem(pem);
        var signature = rsa.SignData(Encoding.ASCII.GetBytes(header + "." + claims), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return header + "." + claims + "." + Base64Url(signature);
    }

    private static string Segment(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return Base64Url(buffer.ToArray());
    }

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
