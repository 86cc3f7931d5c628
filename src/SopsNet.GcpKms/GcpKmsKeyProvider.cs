using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.RegularExpressions;
using SopsNet.Keys;
using SopsNet.Values;

namespace SopsNet.GcpKms;

/// <summary>
/// The sops <c>gcp_kms</c> key type over the Cloud KMS REST API (no client library is needed for two
/// calls): <c>POST {endpoint}/v1/{resource_id}:encrypt</c> and <c>:decrypt</c>. <c>enc</c> is the
/// ciphertext in standard base64, exactly what the REST API returns, so files interoperate with sops.
/// </summary>
public sealed partial class GcpKmsKeyProvider : IKeyProvider, IDisposable
{
    public static readonly Uri DefaultEndpoint = new("https://cloudkms.googleapis.com");

    private const int MaxAttempts = 3;

    private readonly Func<CancellationToken, Task<string>> token;
    private readonly Uri? endpoint;
    private readonly string? endpointError;
    private readonly string shown;
    private readonly TimeSpan timeout;
    private readonly TimeProvider clock;
    private readonly HttpClient http;

    /// <param name="token">Bearer token source, e.g. <see cref="GcpCredentials.FromEnvironment"/>; asked only when a call is made.</param>
    /// <param name="endpoint">
    /// SOPS_GCP_KMS_ENDPOINT as sops takes it: a URL, or <c>host:port</c> (its gRPC form) meaning https; null
    /// for Cloud KMS itself. Plain http is accepted for a loopback address only. A bad value fails the
    /// first gcp_kms call, not runs that need no gcp_kms key.
    /// </param>
    /// <param name="timeout">For each whole operation, token included.</param>
    /// <param name="clock">The <c>created_at</c> time of a newly wrapped key.</param>
    public GcpKmsKeyProvider(Func<CancellationToken, Task<string>> token, string? endpoint, TimeSpan timeout, TimeProvider clock)
    {
        this.token = token;
        (this.endpoint, endpointError) = ParseEndpoint(endpoint);
        shown = this.endpoint?.AbsoluteUri.TrimEnd('/') ?? "";
        this.timeout = timeout;
        this.clock = clock;
        http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    private static (Uri? Endpoint, string? Error) ParseEndpoint(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return (DefaultEndpoint, null);
        }

        var text = value.Contains("://", StringComparison.Ordinal) ? value.Trim() : "https://" + value.Trim();
        if (!Uri.TryCreate(text.TrimEnd('/'), UriKind.Absolute, out var uri))
        {
            return (null, $"SOPS_GCP_KMS_ENDPOINT {value}: not a url or host:port");
        }

        return uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback)
            ? (uri, null)
            : (null, $"SOPS_GCP_KMS_ENDPOINT {value}: must be https (plain http only for a loopback address)");
    }

    public string Type => "gcp_kms";

    public string Describe(MasterKey key) => key.Field("resource_id") ?? "(no resource_id)";

    /// <summary>A <c>gcp_kms</c> entry without <c>enc</c>, from a resource id as users write it.</summary>
    public static MasterKey Template(string resourceId)
    {
        var id = resourceId.Trim();
        if (!ResourceIdPattern().IsMatch(id))
        {
            throw new ArgumentException($"gcp kms resource id {id}: expected projects/P/locations/L/keyRings/R/cryptoKeys/K");
        }

        return MasterKey.Create("gcp_kms", ("resource_id", id));
    }

    public async Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
    {
        var resourceId = ResourceId(key);
        var body = Json(w => w.WriteString("plaintext", Convert.ToBase64String(dataKey.Span)));
        using var answer = await CallAsync(resourceId, "encrypt", body, cancellationToken).ConfigureAwait(false);
        var ciphertext = StringField(answer, "ciphertext", "encrypt");
        if (!IsBase64(ciphertext))
        {
            throw new KeyUnwrapException($"{shown}: the encrypt answer's ciphertext is not base64");
        }

        return key.With("created_at", GoTime.FromUtc(clock.GetUtcNow()).ToString()).With("enc", ciphertext);
    }

    public async Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken)
    {
        var resourceId = ResourceId(key);
        if (string.IsNullOrWhiteSpace(key.Enc) || !IsBase64(key.Enc.Trim()))
        {
            throw new KeyUnwrapException("the entry's enc is missing or not base64");
        }

        var body = Json(w => w.WriteString("ciphertext", key.Enc.Trim()));
        using var answer = await CallAsync(resourceId, "decrypt", body, cancellationToken).ConfigureAwait(false);
        var plaintext = StringField(answer, "plaintext", "decrypt");
        return IsBase64(plaintext)
            ? Convert.FromBase64String(plaintext)
            : throw new KeyUnwrapException($"{shown}: the decrypt answer's plaintext is not base64");
    }

    public void Dispose() => http.Dispose();

    private static string ResourceId(MasterKey key) =>
        key.Field("resource_id") is { Length: > 0 } id && ResourceIdPattern().IsMatch(id)
            ? id
            : throw new KeyUnwrapException("the entry has no valid resource_id (projects/P/locations/L/keyRings/R/cryptoKeys/K)");

    private async Task<JsonDocument> CallAsync(string resourceId, string verb, byte[] body, CancellationToken cancellationToken)
    {
        if (endpoint is null)
        {
            throw new KeyUnwrapException(endpointError!);
        }

        var url = new Uri($"{endpoint.AbsoluteUri.TrimEnd('/')}/v1/{resourceId}:{verb}");
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var ct = timeoutSource.Token;
        try
        {
            var bearer = await token(ct).ConfigureAwait(false);
            for (var attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
                using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    try
                    {
                        return JsonDocument.Parse(text);
                    }
                    catch (JsonException)
                    {
                        throw new KeyUnwrapException($"{shown}: the {verb} answer is not json");
                    }
                }

                // Cloud KMS asks clients to back off and retry on 429; a few quick retries inside the
                // timeout ride out a burst, a persistent quota problem still fails clearly.
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxAttempts)
                {
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(200 * attempt);
                    await Task.Delay(wait > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : wait, ct).ConfigureAwait(false);
                    continue;
                }

                throw new KeyUnwrapException($"{shown}: {verb}: {Cause(response.StatusCode, text)}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KeyUnwrapException($"{shown}: no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            throw new KeyUnwrapException($"{shown}: unreachable: {GcpCredentials.OneLine(e.Message)}", e);
        }
    }

    /// <summary>The status in words plus Google's own message from <c>{"error":{"code","message","status"}}</c>.</summary>
    private static string Cause(HttpStatusCode status, string body)
    {
        var what = status switch
        {
            HttpStatusCode.Unauthorized => "not authenticated (401)",
            HttpStatusCode.Forbidden => "permission denied (403)",
            HttpStatusCode.NotFound => "key not found (404)",
            HttpStatusCode.TooManyRequests => "throttled (429)",
            _ => $"http {(int)status}",
        };
        string? message = null;
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                doc.RootElement.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object &&
                error.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String)
            {
                message = m.GetString();
            }
        }
        catch (JsonException)
        {
        }

        return string.IsNullOrWhiteSpace(message) ? what : $"{what}: {GcpCredentials.OneLine(message)}";
    }

    private string StringField(JsonDocument doc, string name, string verb) =>
        doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String
            ? v.GetString()!
            : throw new KeyUnwrapException($"{shown}: the {verb} answer has no {name}");

    private static byte[] Json(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static bool IsBase64(string text) => text.Length > 0 && Convert.TryFromBase64String(text, new byte[text.Length], out _);

    [GeneratedRegex(@"^projects/[^/]+/locations/[^/]+/keyRings/[^/]+/cryptoKeys/[^/]+$")]
    private static partial Regex ResourceIdPattern();
}
