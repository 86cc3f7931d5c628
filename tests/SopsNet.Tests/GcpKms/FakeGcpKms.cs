using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using SopsNet.Tests.Support;

namespace SopsNet.Tests.GcpKms;

/// <summary>
/// Cloud KMS's REST surface on 127.0.0.1, as the real service answers it: <c>POST /v1/{key}:encrypt</c> and
/// <c>:decrypt</c> with a bearer token, Google's error body <c>{"error":{"code","message","status"}}</c>,
/// 401 without a valid token, 403 for a token without permission on the key, 429 when throttling.
/// Ciphertexts are real AES-GCM under a per-key secret, so a wrong key or a tampered ciphertext fails.
/// Also serves the OAuth token endpoint (<c>POST /token</c>) a service account's JWT is exchanged at.
/// </summary>
public sealed class FakeGcpKms : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, byte[]> keys = new();
    private readonly ConcurrentDictionary<string, HashSet<string>?> tokens = new();
    private int throttle;
    private int calls;

    /// <summary>Public key of the service account whose JWTs <c>/token</c> accepts, and the token it hands out.</summary>
    public RSA? ServiceAccountKey { get; set; }

    public const string ServiceAccountToken = "ya29.service-account-token";

    /// <summary>The refresh token of the <c>authorized_user</c> (gcloud login) credentials <c>/token</c> accepts.</summary>
    public const string UserRefreshToken = "1//refresh-token";

    public TimeSpan Delay { get; set; }

    public int Calls => calls;

    public string Endpoint { get; }

    private FakeGcpKms(WebApplication app, string endpoint)
    {
        this.app = app;
        Endpoint = endpoint;
    }

    public static async Task<FakeGcpKms> StartAsync()
    {
        FakeGcpKms? fake = null;
        var (app, endpoint) = await LoopbackServer.StartAsync(ctx => fake!.HandleAsync(ctx));
        fake = new FakeGcpKms(app, endpoint);
        return fake;
    }

    public void AddKey(string resourceId) => keys[resourceId] = RandomNumberGenerator.GetBytes(32);

    /// <summary>A token allowed to use the given keys (all keys when none are given).</summary>
    public void AddToken(string token, params string[] resourceIds) => tokens[token] = resourceIds.Length == 0 ? null : [.. resourceIds];

    /// <summary>The next <paramref name="count"/> KMS calls are answered 429.</summary>
    public void Throttle(int count) => Interlocked.Exchange(ref throttle, count);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var body = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
        if (ctx.Request.Path == "/token")
        {
            await TokenAsync(ctx, body);
            return;
        }

        Interlocked.Increment(ref calls);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, ctx.RequestAborted);
        }

        var path = ctx.Request.Path.Value ?? "";
        var colon = path.LastIndexOf(':');
        if (ctx.Request.Method != "POST" || !path.StartsWith("/v1/", StringComparison.Ordinal) || colon < 0)
        {
            await ErrorAsync(ctx, 404, "NOT_FOUND", "The requested URL was not found on this server.");
            return;
        }

        var resourceId = path[4..colon];
        var verb = path[(colon + 1)..];
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (!auth.StartsWith("Bearer ", StringComparison.Ordinal) || !tokens.TryGetValue(auth[7..], out var allowed))
        {
            await ErrorAsync(ctx, 401, "UNAUTHENTICATED",
                "Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential.");
            return;
        }

        if (Interlocked.Decrement(ref throttle) >= 0)
        {
            await ErrorAsync(ctx, 429, "RESOURCE_EXHAUSTED", "Quota exceeded for quota metric 'Cryptographic requests' of service 'cloudkms.googleapis.com'.");
            return;
        }

        var permission = verb == "encrypt" ? "cloudkms.cryptoKeyVersions.useToEncrypt" : "cloudkms.cryptoKeyVersions.useToDecrypt";
        if (!keys.TryGetValue(resourceId, out var secret) || (allowed is not null && !allowed.Contains(resourceId)))
        {
            await ErrorAsync(ctx, 403, "PERMISSION_DENIED", $"Permission '{permission}' denied on resource '{resourceId}' (or it may not exist).");
            return;
        }

        using var request = JsonDocument.Parse(body);
        switch (verb)
        {
            case "encrypt":
                var plaintext = Convert.FromBase64String(request.RootElement.GetProperty("plaintext").GetString()!);
                await JsonAsync(ctx, 200, new Dictionary<string, string>
                {
                    ["name"] = resourceId + "/cryptoKeyVersions/1",
                    ["ciphertext"] = Convert.ToBase64String(Seal(secret, plaintext)),
                });
                return;
            case "decrypt":
                var opened = Open(secret, Convert.FromBase64String(request.RootElement.GetProperty("ciphertext").GetString()!));
                if (opened is null)
                {
                    await ErrorAsync(ctx, 400, "INVALID_ARGUMENT", "Decryption failed: the ciphertext is invalid.");
                    return;
                }

                await JsonAsync(ctx, 200, new Dictionary<string, string> { ["plaintext"] = Convert.ToBase64String(opened) });
                return;
            default:
                await ErrorAsync(ctx, 404, "NOT_FOUND", "The requested URL was not found on this server.");
                return;
        }
    }

    /// <summary>Google's JWT-bearer grant: the assertion must be signed by the service account's key.</summary>
    private async Task TokenAsync(HttpContext ctx, string body)
    {
        var form = body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
        var parts = form.GetValueOrDefault("assertion")?.Split('.') ?? [];
        var refreshed = form.GetValueOrDefault("grant_type") == "refresh_token" && form.GetValueOrDefault("refresh_token") == UserRefreshToken &&
                        form.GetValueOrDefault("client_id") == "client-1" && form.GetValueOrDefault("client_secret") == "secret-1";
        var valid = refreshed || form.GetValueOrDefault("grant_type") == "urn:ietf:params:oauth:grant-type:jwt-bearer" && parts.Length == 3 &&
                    ServiceAccountKey is not null &&
                    ServiceAccountKey.VerifyData(Encoding.ASCII.GetBytes(parts[0] + "." + parts[1]), Base64Url(parts[2]), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1) &&
                    Encoding.UTF8.GetString(Base64Url(parts[1])).Contains("https://www.googleapis.com/auth/cloudkms", StringComparison.Ordinal);
        if (!valid)
        {
            ctx.Response.StatusCode = 400;
            await ctx.Response.WriteAsync("""{"error":"invalid_grant","error_description":"Invalid JWT Signature."}""");
            return;
        }

        await JsonAsync(ctx, 200, new Dictionary<string, object> { ["access_token"] = ServiceAccountToken, ["expires_in"] = 3599, ["token_type"] = "Bearer" });
        tokens.TryAdd(ServiceAccountToken, null);
    }

    private static byte[] Base64Url(string s) => Convert.FromBase64String(s.Replace('-', '+').Replace('_', '/').PadRight((s.Length + 3) / 4 * 4, '='));

    private static byte[] Seal(byte[] key, byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var output = new byte[12 + plaintext.Length + 16];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(12, plaintext.Length), output.AsSpan(12 + plaintext.Length));
        nonce.CopyTo(output, 0);
        return output;
    }

    private static byte[]? Open(byte[] key, byte[] sealedBytes)
    {
        if (sealedBytes.Length < 28)
        {
            return null;
        }

        var plaintext = new byte[sealedBytes.Length - 28];
        using var aes = new AesGcm(key, 16);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(12, plaintext.Length), sealedBytes.AsSpan(12 + plaintext.Length), plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static Task ErrorAsync(HttpContext ctx, int code, string status, string message) =>
        JsonAsync(ctx, code, new Dictionary<string, object>
        {
            ["error"] = new Dictionary<string, object> { ["code"] = code, ["message"] = message, ["status"] = status },
        });

    private static async Task JsonAsync<T>(HttpContext ctx, int code, T value)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json; charset=UTF-8";
        await ctx.Response.WriteAsync(JsonSerializer.Serialize(value));
    }
}
