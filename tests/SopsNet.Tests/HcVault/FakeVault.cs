using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using SopsNet.Tests.Support;

namespace SopsNet.Tests.HcVault;

/// <summary>
/// Vault's transit HTTP API on 127.0.0.1, as Vault answers it: <c>POST /v1/{mount}/encrypt/{key}</c> and
/// <c>/decrypt/{key}</c> with <c>X-Vault-Token</c>, <c>{"data":{…}}</c> answers and <c>{"errors":[…]}</c>
/// failures: 403 "permission denied" for a missing, unknown or unauthorised token, 400 for a bad ciphertext,
/// 429 for a rate-limit quota. Ciphertexts are <c>vault:v1:</c> + base64 of real AES-GCM under a per-key secret.
/// </summary>
public sealed class FakeVault : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, byte[]> keys = new();
    private readonly ConcurrentDictionary<string, HashSet<string>?> tokens = new();
    private int throttle;
    private int calls;

    public TimeSpan Delay { get; set; }

    public int Calls => calls;

    public string Address { get; }

    public string? LastNamespace { get; private set; }

    private FakeVault(WebApplication app, string address)
    {
        this.app = app;
        Address = address;
    }

    public static async Task<FakeVault> StartAsync()
    {
        FakeVault? fake = null;
        var (app, address) = await LoopbackServer.StartAsync(ctx => fake!.HandleAsync(ctx));
        fake = new FakeVault(app, address);
        return fake;
    }

    /// <summary>A transit key <paramref name="name"/> in the engine mounted at <paramref name="mount"/>; returns its URI.</summary>
    public string AddKey(string mount, string name)
    {
        keys[$"{mount}/{name}"] = RandomNumberGenerator.GetBytes(32);
        return $"{Address}/v1/{mount}/keys/{name}";
    }

    /// <summary>A token whose policy allows the given <c>mount/key</c> pairs (everything when none are given).</summary>
    public void AddToken(string token, params string[] mountAndKeys) => tokens[token] = mountAndKeys.Length == 0 ? null : [.. mountAndKeys];

    public void Throttle(int count) => Interlocked.Exchange(ref throttle, count);

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        Interlocked.Increment(ref calls);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, ctx.RequestAborted);
        }

        var body = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
        LastNamespace = ctx.Request.Headers["X-Vault-Namespace"].FirstOrDefault();
        var path = ctx.Request.Path.Value ?? "";
        var encrypt = path.LastIndexOf("/encrypt/", StringComparison.Ordinal);
        var decrypt = path.LastIndexOf("/decrypt/", StringComparison.Ordinal);
        var at = Math.Max(encrypt, decrypt);
        if ((ctx.Request.Method != "POST" && ctx.Request.Method != "PUT") || !path.StartsWith("/v1/", StringComparison.Ordinal) || at < 4)
        {
            await ErrorsAsync(ctx, 404, "no handler for route");
            return;
        }

        var mount = path[4..at];
        var name = path[(at + 9)..];
        var key = $"{mount}/{name}";
        if (!tokens.TryGetValue(ctx.Request.Headers["X-Vault-Token"].ToString(), out var allowed) || (allowed is not null && !allowed.Contains(key)))
        {
            await ErrorsAsync(ctx, 403, "permission denied");
            return;
        }

        if (Interlocked.Decrement(ref throttle) >= 0)
        {
            await ErrorsAsync(ctx, 429, $"request path \"{mount}/{(encrypt > decrypt ? "encrypt" : "decrypt")}/{name}\": rate limit quota exceeded");
            return;
        }

        if (!keys.TryGetValue(key, out var secret))
        {
            await ErrorsAsync(ctx, 400, "encryption key not found");
            return;
        }

        using var request = JsonDocument.Parse(body);
        if (encrypt > decrypt)
        {
            var plaintext = Convert.FromBase64String(request.RootElement.GetProperty("plaintext").GetString()!);
            await DataAsync(ctx, new Dictionary<string, object> { ["ciphertext"] = "vault:v1:" + Convert.ToBase64String(Seal(secret, plaintext)), ["key_version"] = 1 });
            return;
        }

        var ciphertext = request.RootElement.GetProperty("ciphertext").GetString() ?? "";
        var opened = ciphertext.StartsWith("vault:v1:", StringComparison.Ordinal) ? Open(secret, ciphertext[9..]) : null;
        if (opened is null)
        {
            await ErrorsAsync(ctx, 400, "invalid ciphertext: unable to decrypt");
            return;
        }

        await DataAsync(ctx, new Dictionary<string, object> { ["plaintext"] = Convert.ToBase64String(opened) });
    }

    private static byte[] Seal(byte[] key, byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var output = new byte[12 + plaintext.Length + 16];
        using var aes = new AesGcm(key, 16);
        aes.Encrypt(nonce, plaintext, output.AsSpan(12, plaintext.Length), output.AsSpan(12 + plaintext.Length));
        nonce.CopyTo(output, 0);
        return output;
    }

    private static byte[]? Open(byte[] key, string base64)
    {
        var sealedBytes = new byte[base64.Length];
        if (!Convert.TryFromBase64String(base64, sealedBytes, out var n) || n < 28)
        {
            return null;
        }

        var plaintext = new byte[n - 28];
        using var aes = new AesGcm(key, 16);
        try
        {
            aes.Decrypt(sealedBytes.AsSpan(0, 12), sealedBytes.AsSpan(12, plaintext.Length), sealedBytes.AsSpan(12 + plaintext.Length, 16), plaintext);
            return plaintext;
        }
        catch (AuthenticationTagMismatchException)
        {
            return null;
        }
    }

    private static Task ErrorsAsync(HttpContext ctx, int code, string message) =>
        JsonAsync(ctx, code, new Dictionary<string, object> { ["errors"] = new[] { message } });

    private static Task DataAsync(HttpContext ctx, Dictionary<string, object> data) =>
        JsonAsync(ctx, 200, new Dictionary<string, object> { ["request_id"] = Guid.NewGuid().ToString(), ["data"] = data });

    private static async Task JsonAsync<T>(HttpContext ctx, int code, T value)
    {
        ctx.Response.StatusCode = code;
        ctx.Response.ContentType = "application/json";
        await ctx.Response.WriteAsync(JsonSerializer.Serialize(value));
    }
}
