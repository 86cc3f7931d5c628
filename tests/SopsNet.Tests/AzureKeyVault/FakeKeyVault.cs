using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

using SopsNet.Tests.Support;

namespace SopsNet.Tests.AzureKeyVault;

/// <summary>
/// A Key Vault and Entra ID token endpoint on 127.0.0.1 over https (a self-signed certificate made
/// here): the Key Vault REST key GET, encrypt and decrypt with real RSA-OAEP-256 keys, bearer tokens
/// required, plus the client-credentials token endpoint MSAL calls. Keys named <c>forbidden</c> answer
/// 403 and <c>busy</c> answers 429 always.
/// </summary>
public sealed class FakeKeyVault : IAsyncDisposable
{
    public const string Tenant = "fake-tenant";
    public const string ClientId = "sopsnet-tests";
    public const string ClientSecret = "fake-secret";

    /// <summary>A client the token endpoint accepts but the vault does not (401 at the vault).</summary>
    public const string StrangerId = "stranger";

    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, List<(string Version, RSA Key)>> keys = new();

    public X509Certificate2 Certificate { get; }

    public string Url { get; }

    public ConcurrentQueue<string> Requests { get; } = new();

    private FakeKeyVault(WebApplication app, string url, X509Certificate2 certificate)
    {
        this.app = app;
        Certificate = certificate;
        Url = url;
    }

    public static async Task<FakeKeyVault> StartAsync()
    {
        var certificate = SelfSigned();
        FakeKeyVault? vault = null;
        var (app, url) = await LoopbackServer.StartAsync(ctx => vault!.HandleAsync(ctx), certificate);
        vault = new FakeKeyVault(app, url, certificate);
        return vault;
    }

    /// <summary>Adds a version of key <paramref name="name"/>, which becomes the current one.</summary>
    public string AddKeyVersion(string name)
    {
        var version = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        keys.GetOrAdd(name, _ => []).Add((version, RSA.Create(2048)));
        return version;
    }

    public string KeyUrl(string name, string? version = null) => $"{Url}/keys/{name}" + (version is null ? "" : "/" + version);

    public int Count(string prefix) => Requests.Count(r => r.StartsWith(prefix, StringComparison.Ordinal));

    /// <summary>The certificate as PEM, for the CLI's test-only trust setting.</summary>
    public string WriteCertificate(string directory)
    {
        var path = Path.Combine(directory, "fake-key-vault.pem");
        File.WriteAllText(path, Certificate.ExportCertificatePem());
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var path = ctx.Request.Path.Value ?? "";
        Requests.Enqueue($"{ctx.Request.Method} {path}");
        var segments = path.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments is [Tenant, "oauth2", "v2.0", "token"] && ctx.Request.Method == "POST")
        {
            await TokenAsync(ctx);
            return;
        }

        if (segments is not ["keys", _, ..])
        {
            await ErrorAsync(ctx, 404, "NotFound", $"no route {path}");
            return;
        }

        if (ctx.Request.Query["api-version"] != "7.4")
        {
            await ErrorAsync(ctx, 400, "BadParameter", "api-version must be 7.4 here");
            return;
        }

        if (ctx.Request.Headers.Authorization.ToString() != "Bearer token-for-" + ClientId)
        {
            ctx.Response.Headers.WWWAuthenticate = "Bearer authorization=\"https://login.microsoftonline.com/" + Tenant + "\", resource=\"https://vault.azure.net\"";
            await ErrorAsync(ctx, 401, "Unauthorized", "AKV10000: Request is missing a Bearer or PoP token.");
            return;
        }

        var name = segments[1];
        if (name == "forbidden")
        {
            await ErrorAsync(ctx, 403, "Forbidden", $"The user, group or application 'appid={ClientId}' does not have keys decrypt permission on key vault 'fake'.");
            return;
        }

        if (name == "busy")
        {
            ctx.Response.Headers.RetryAfter = "0";
            await ErrorAsync(ctx, 429, "Throttled", "Operations per second limit reached.");
            return;
        }

        if (!keys.TryGetValue(name, out var versions) || versions.Count == 0)
        {
            await ErrorAsync(ctx, 404, "KeyNotFound", $"A key with (name/id) {name} was not found in this key vault.");
            return;
        }

        var (version, rsa, operation) = segments switch
        {
            [_, _] => (versions[^1].Version, versions[^1].Key, (string?)null),
            [_, _, var op] when op is "encrypt" or "decrypt" => (versions[^1].Version, versions[^1].Key, op),
            [_, _, var v, var op] when versions.Any(x => x.Version == v) => (v, versions.First(x => x.Version == v).Key, op),
            _ => ("", null, null),
        };
        if (rsa is null)
        {
            await ErrorAsync(ctx, 404, "KeyNotFound", "no such key version");
            return;
        }

        var kid = $"{Url}/keys/{name}/{version}";
        if (operation is null && ctx.Request.Method == "GET")
        {
            await JsonAsync(ctx, 200, w =>
            {
                w.WriteStartObject("key");
                w.WriteString("kid", kid);
                w.WriteString("kty", "RSA");
                w.WriteEndObject();
                w.WriteStartObject("attributes");
                w.WriteBoolean("enabled", true);
                w.WriteEndObject();
            });
            return;
        }

        if (operation is not ("encrypt" or "decrypt") || ctx.Request.Method != "POST")
        {
            await ErrorAsync(ctx, 405, "MethodNotAllowed", "unsupported operation");
            return;
        }

        using var body = await JsonDocument.ParseAsync(ctx.Request.Body);
        if (body.RootElement.GetProperty("alg").GetString() != "RSA-OAEP-256")
        {
            await ErrorAsync(ctx, 400, "BadParameter", "only RSA-OAEP-256 here");
            return;
        }

        byte[] result;
        try
        {
            var input = Base64Url.DecodeFromChars(body.RootElement.GetProperty("value").GetString());
            result = operation == "encrypt" ? rsa.Encrypt(input, RSAEncryptionPadding.OaepSHA256) : rsa.Decrypt(input, RSAEncryptionPadding.OaepSHA256);
        }
        catch (Exception e) when (e is CryptographicException or FormatException)
        {
            await ErrorAsync(ctx, 400, "BadParameter", "Invalid ciphertext or value.");
            return;
        }

        await JsonAsync(ctx, 200, w =>
        {
            w.WriteString("kid", kid);
            w.WriteString("value", Base64Url.EncodeToString(result));
        });
    }

    /// <summary>Entra ID's client-credentials grant, as MSAL sends it.</summary>
    private static async Task TokenAsync(HttpContext ctx)
    {
        var form = await ctx.Request.ReadFormAsync();
        var client = form["client_id"].ToString();
        if (form["client_secret"] != ClientSecret || client is not (ClientId or StrangerId))
        {
            await JsonAsync(ctx, 401, w =>
            {
                w.WriteString("error", "invalid_client");
                w.WriteString("error_description", "AADSTS7000215: Invalid client secret provided.");
            });
            return;
        }

        await JsonAsync(ctx, 200, w =>
        {
            w.WriteString("token_type", "Bearer");
            w.WriteNumber("expires_in", 3600);
            w.WriteNumber("ext_expires_in", 3600);
            w.WriteString("access_token", "token-for-" + client);
        });
    }

    private static Task ErrorAsync(HttpContext ctx, int status, string code, string message) => JsonAsync(ctx, status, w =>
    {
        w.WriteStartObject("error");
        w.WriteString("code", code);
        w.WriteString("message", message);
        w.WriteEndObject();
    });

    private static async Task JsonAsync(HttpContext ctx, int status, Action<Utf8JsonWriter> write)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/json";
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        await ctx.Response.Body.WriteAsync(buffer.ToArray());
    }

    private static X509Certificate2 SelfSigned()
    {
        using var rsa = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));

        // Kestrel on Linux wants a key it can use from a PKCS#12 import, not the ephemeral one.
        return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
    }
}
