using System.Buffers.Text;
using System.Text.Json;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using SopsNet.Keys;

namespace SopsNet.AzureKeyVault;

/// <summary>
/// The three Key Vault REST calls sops needs (key get, encrypt, decrypt with RSA-OAEP-256), sent
/// through Azure.Core's pipeline so retries, throttling and bearer tokens behave as in the Azure SDK.
/// Every failure becomes one <see cref="KeyUnwrapException"/> line naming the endpoint and the cause.
/// </summary>
internal sealed class KeyVaultRestClient
{
    private const string ApiVersion = "7.4";
    private const string Algorithm = "RSA-OAEP-256";

    private readonly HttpPipeline pipeline;
    private readonly AzureKeyVaultOptions options;

    public KeyVaultRestClient(TokenCredential credential, AzureKeyVaultOptions options)
    {
        this.options = options;
        var clientOptions = new KeyVaultClientOptions();
        clientOptions.Retry.MaxRetries = options.MaxRetries;
        clientOptions.Retry.Delay = TimeSpan.FromMilliseconds(400);
        clientOptions.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        clientOptions.Retry.NetworkTimeout = options.Timeout;
        if (options.Transport is not null)
        {
            clientOptions.Transport = options.Transport;
        }

        pipeline = HttpPipelineBuilder.Build(clientOptions,
            new BearerTokenAuthenticationPolicy(credential, "https://vault.azure.net/.default"));
    }

    /// <summary>The key's current version, from the <c>kid</c> of <c>GET {vault}/keys/{name}</c>.</summary>
    public async Task<string> CurrentVersionAsync(AzureKeyVaultKeyUrl key, CancellationToken cancellationToken)
    {
        var url = $"{key.VaultUrl}/keys/{Uri.EscapeDataString(key.Name)}";
        using var json = await SendAsync(RequestMethod.Get, url, null, cancellationToken).ConfigureAwait(false);
        var kid = json.RootElement.TryGetProperty("key", out var k) && k.ValueKind == JsonValueKind.Object &&
                  k.TryGetProperty("kid", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
        var version = kid?.TrimEnd('/').Split('/') is { Length: > 0 } parts ? parts[^1] : null;
        if (string.IsNullOrEmpty(version) || version == key.Name)
        {
            throw new KeyUnwrapException($"GET {url}: the response has no key.kid with a version");
        }

        return version;
    }

    public async Task<string> EncryptAsync(AzureKeyVaultKeyUrl key, ReadOnlyMemory<byte> plaintext, CancellationToken cancellationToken)
    {
        var bytes = await ValueOperationAsync(key, "encrypt", plaintext, cancellationToken).ConfigureAwait(false);
        return Base64Url.EncodeToString(bytes);
    }

    public Task<byte[]> DecryptAsync(AzureKeyVaultKeyUrl key, byte[] ciphertext, CancellationToken cancellationToken) =>
        ValueOperationAsync(key, "decrypt", ciphertext, cancellationToken);

    private async Task<byte[]> ValueOperationAsync(AzureKeyVaultKeyUrl key, string operation, ReadOnlyMemory<byte> value, CancellationToken cancellationToken)
    {
        // An empty version means "the current one", which the REST path expresses by leaving it out.
        var url = $"{key.VaultUrl}/keys/{Uri.EscapeDataString(key.Name)}" +
                  (key.Version.Length == 0 ? "" : "/" + Uri.EscapeDataString(key.Version)) + "/" + operation;
        var body = new MemoryStream();
        using (var writer = new Utf8JsonWriter(body))
        {
            writer.WriteStartObject();
            writer.WriteString("alg", Algorithm);
            writer.WriteString("value", Base64Url.EncodeToString(value.Span));
            writer.WriteEndObject();
        }

        using var json = await SendAsync(RequestMethod.Post, url, body.ToArray(), cancellationToken).ConfigureAwait(false);
        if (json.RootElement.TryGetProperty("value", out var v) && v.ValueKind == JsonValueKind.String)
        {
            try
            {
                return Base64Url.DecodeFromChars(v.GetString());
            }
            catch (FormatException)
            {
            }
        }

        throw new KeyUnwrapException($"POST {url}: the response has no base64url value");
    }

    private async Task<JsonDocument> SendAsync(RequestMethod method, string url, byte[]? body, CancellationToken cancellationToken)
    {
        var where = $"{method} {url}";
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(options.Timeout);
        using var message = pipeline.CreateMessage();
        message.Request.Method = method;
        message.Request.Uri.Reset(new Uri(url + "?api-version=" + ApiVersion));
        message.Request.Headers.Add("Accept", "application/json");
        if (body is not null)
        {
            message.Request.Headers.Add("Content-Type", "application/json");
            message.Request.Content = RequestContent.Create(body);
        }

        try
        {
            await pipeline.SendAsync(message, deadline.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new KeyUnwrapException($"{where}: no answer within the timeout of {options.Timeout.TotalSeconds:0.#} s");
        }
        catch (CredentialUnavailableException e)
        {
            throw new KeyUnwrapException($"{where}: no azure credentials: {FirstLine(e.Message)}", e);
        }
        catch (AuthenticationFailedException e)
        {
            throw new KeyUnwrapException($"{where}: azure authentication failed: {FirstLine(Innermost(e).Message)}", e);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count > 0 && e.InnerExceptions.All(x => x is RequestFailedException or HttpRequestException))
        {
            // Azure.Core reports exhausted retries of connection failures as an aggregate of each attempt.
            throw new KeyUnwrapException($"{where}: unreachable: {FirstLine(Innermost(e.InnerExceptions[^1]).Message)} ({e.InnerExceptions.Count} attempts)", e);
        }
        catch (RequestFailedException e)
        {
            // Status 0: no HTTP answer at all (refused connection, DNS, TLS); retries are already spent.
            throw new KeyUnwrapException($"{where}: unreachable: {FirstLine(Innermost(e).Message)}", e);
        }

        var response = message.Response;
        if (response.Status is >= 200 and < 300)
        {
            try
            {
                return JsonDocument.Parse(response.Content.ToMemory());
            }
            catch (JsonException)
            {
                throw new KeyUnwrapException($"{where}: the response is not json");
            }
        }

        var detail = ErrorDetail(response);
        var cause = response.Status switch
        {
            401 => "no valid credentials (401 unauthorized)",
            403 => "access denied (403 forbidden)",
            404 => "no such key or version (404 not found)",
            429 => $"throttled (429 too many requests, still after {options.MaxRetries} retries)",
            _ => $"http {response.Status} {response.ReasonPhrase}",
        };
        throw new KeyUnwrapException($"{where}: {cause}{detail}");
    }

    /// <summary>Key Vault's <c>{"error":{"code","message"}}</c>, as ": code: message" on one line.</summary>
    private static string ErrorDetail(Response response)
    {
        try
        {
            using var json = JsonDocument.Parse(response.Content.ToMemory());
            if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error) &&
                error.ValueKind == JsonValueKind.Object)
            {
                var code = error.TryGetProperty("code", out var c) ? c.GetString() : null;
                var text = error.TryGetProperty("message", out var m) ? m.GetString() : null;
                var joined = string.Join(": ", new[] { code, text is null ? null : FirstLine(text) }.Where(s => !string.IsNullOrEmpty(s)));
                return joined.Length == 0 ? "" : ": " + joined;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
        }

        return "";
    }

    private static Exception Innermost(Exception e)
    {
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 300 ? line[..300] + "…" : line;
    }

    private sealed class KeyVaultClientOptions : ClientOptions;
}
