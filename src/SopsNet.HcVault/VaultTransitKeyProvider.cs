using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using SopsNet.Keys;
using SopsNet.Values;

namespace SopsNet.HcVault;

/// <summary>
/// The sops <c>hc_vault</c> key type: HashiCorp Vault or OpenBao transit over its HTTP API,
/// <c>POST {vault_address}/v1/{engine_path}/encrypt/{key_name}</c> and <c>/decrypt/</c>. <c>enc</c> is
/// Vault's ciphertext string (<c>vault:v1:…</c>) verbatim, as sops stores it.
/// </summary>
public sealed class VaultTransitKeyProvider : IKeyProvider, IDisposable
{
    private const int MaxAttempts = 3;

    private readonly Func<string?> token;
    private readonly VaultAllowlist allowlist;
    private readonly string? vaultNamespace;
    private readonly TimeSpan timeout;
    private readonly TimeProvider clock;
    private readonly HttpClient http;

    /// <param name="token">The Vault token (VAULT_TOKEN, else ~/.vault-token); asked only when a call is made.</param>
    /// <param name="allowlist">The Vault servers this provider may send a token to.</param>
    /// <param name="vaultNamespace">VAULT_NAMESPACE (Vault Enterprise / OpenBao namespaces), sent as X-Vault-Namespace.</param>
    /// <param name="timeout">For each whole operation.</param>
    /// <param name="clock">The <c>created_at</c> time of a newly wrapped key.</param>
    public VaultTransitKeyProvider(Func<string?> token, VaultAllowlist allowlist, string? vaultNamespace, TimeSpan timeout, TimeProvider clock)
    {
        this.token = token;
        this.allowlist = allowlist;
        this.vaultNamespace = vaultNamespace;
        this.timeout = timeout;
        this.clock = clock;
        http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = timeout }) { Timeout = Timeout.InfiniteTimeSpan };
    }

    /// <summary>The token as the Vault client finds it: VAULT_TOKEN, else the file <c>vault login</c> writes.</summary>
    public static Func<string?> TokenFrom(string? vaultToken, string? home) => () =>
    {
        if (!string.IsNullOrWhiteSpace(vaultToken))
        {
            return vaultToken.Trim();
        }

        var file = home is null ? null : Path.Combine(home, ".vault-token");
        try
        {
            return file is not null && File.Exists(file) && File.ReadAllText(file).Trim() is { Length: > 0 } t ? t : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyUnwrapException($"cannot read {file}: {e.Message}", e);
        }
    };

    public string Type => "hc_vault";

    public string Describe(MasterKey key) => TryUri(key)?.ToString() ?? "(incomplete hc_vault entry)";

    /// <summary>An <c>hc_vault</c> entry without <c>enc</c>, from a URI as users write it.</summary>
    public static MasterKey Template(string uri)
    {
        var key = VaultKeyUri.Parse(uri);
        return MasterKey.Create("hc_vault", ("engine_path", key.EnginePath), ("key_name", key.KeyName), ("vault_address", key.Address));
    }

    public async Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
    {
        var uri = Uri(key);
        var body = Json(w => w.WriteString("plaintext", Convert.ToBase64String(dataKey.Span)));
        var ciphertext = await CallAsync(uri, "encrypt", body, "ciphertext", cancellationToken).ConfigureAwait(false);
        return key.With("created_at", GoTime.FromUtc(clock.GetUtcNow()).ToString()).With("enc", ciphertext);
    }

    public async Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken)
    {
        var uri = Uri(key);
        if (string.IsNullOrWhiteSpace(key.Enc))
        {
            throw new KeyUnwrapException("the entry has no enc value");
        }

        var body = Json(w => w.WriteString("ciphertext", key.Enc));
        var plaintext = await CallAsync(uri, "decrypt", body, "plaintext", cancellationToken).ConfigureAwait(false);
        var bytes = new byte[plaintext.Length];
        return Convert.TryFromBase64String(plaintext, bytes, out var n)
            ? bytes[..n]
            : throw new KeyUnwrapException($"{uri.Address}: the decrypt answer's plaintext is not base64");
    }

    public void Dispose() => http.Dispose();

    private static VaultKeyUri? TryUri(MasterKey key) =>
        key.Field("vault_address") is { Length: > 0 } a && key.Field("engine_path") is { Length: > 0 } e && key.Field("key_name") is { Length: > 0 } n
            ? new VaultKeyUri(a.TrimEnd('/'), e.Trim('/'), n)
            : null;

    private VaultKeyUri Uri(MasterKey key)
    {
        var uri = TryUri(key) ?? throw new KeyUnwrapException("the entry needs vault_address, engine_path and key_name");
        if (!allowlist.Allows(uri))
        {
            throw new KeyUnwrapException($"{uri.Address} is not allowed by SOPS_HC_VAULT_ALLOWLIST, so the vault token is not sent there");
        }

        return uri;
    }

    private async Task<string> CallAsync(VaultKeyUri key, string verb, byte[] body, string field, CancellationToken cancellationToken)
    {
        var vaultToken = token() ?? throw new KeyUnwrapException("no vault token: set VAULT_TOKEN or run 'vault login' (~/.vault-token)");
        var url = new Uri($"{key.Address}/v1/{key.EnginePath}/{verb}/{key.KeyName}");
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var ct = timeoutSource.Token;
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
                request.Headers.Add("X-Vault-Token", vaultToken);
                if (vaultNamespace is not null)
                {
                    request.Headers.Add("X-Vault-Namespace", vaultNamespace);
                }

                using var response = await http.SendAsync(request, ct).ConfigureAwait(false);
                var text = await response.Content.ReadAsStringAsync(ct).ConfigureAwait(false);
                if (response.IsSuccessStatusCode)
                {
                    return DataField(text, field) ?? throw new KeyUnwrapException($"{key.Address}: the {verb} answer has no data.{field}");
                }

                // Vault's rate-limit quotas answer 429; a few quick retries inside the timeout ride out a burst.
                if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxAttempts)
                {
                    var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromMilliseconds(200 * attempt);
                    await Task.Delay(wait > TimeSpan.FromSeconds(2) ? TimeSpan.FromSeconds(2) : wait, ct).ConfigureAwait(false);
                    continue;
                }

                throw new KeyUnwrapException($"{key.Address}: {verb}: {Cause(response.StatusCode, text)}");
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KeyUnwrapException($"{key.Address}: no answer within {timeout.TotalSeconds:0.#} s");
        }
        catch (HttpRequestException e)
        {
            throw new KeyUnwrapException($"{key.Address}: unreachable: {OneLine(e.Message)}", e);
        }
    }

    /// <summary>The status in words plus Vault's own messages from <c>{"errors":[…]}</c>.</summary>
    private static string Cause(HttpStatusCode status, string body)
    {
        var what = status switch
        {
            HttpStatusCode.BadRequest => "rejected (400)",
            HttpStatusCode.Unauthorized => "not authenticated (401)",
            HttpStatusCode.Forbidden => "permission denied (403)",
            HttpStatusCode.NotFound => "no such transit engine or key (404)",
            HttpStatusCode.TooManyRequests => "throttled (429)",
            HttpStatusCode.ServiceUnavailable => "vault is sealed or unavailable (503)",
            _ => $"http {(int)status}",
        };
        var messages = new List<string>();
        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Array)
            {
                messages.AddRange(errors.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.String).Select(e => OneLine(e.GetString()!)).Where(m => m.Length > 0));
            }
        }
        catch (JsonException)
        {
        }

        return messages.Count == 0 ? what : $"{what}: {string.Join("; ", messages)}";
    }

    private static string? DataField(string body, string field)
    {
        try
        {
            using var doc = JsonDocument.Parse(body);
            return doc.RootElement.ValueKind == JsonValueKind.Object &&
                   doc.RootElement.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object &&
                   data.TryGetProperty(field, out var v) && v.ValueKind == JsonValueKind.String
                ? v.GetString()
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

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

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
