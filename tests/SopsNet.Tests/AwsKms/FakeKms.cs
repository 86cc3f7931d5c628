using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

using SopsNet.Tests.Support;

namespace SopsNet.Tests.AwsKms;

/// <summary>
/// A stand-in for AWS KMS (and STS AssumeRole) on 127.0.0.1 speaking the real wire protocols: AWS JSON
/// 1.1 with <c>X-Amz-Target: TrentService.Encrypt|Decrypt</c>, base64 blobs, AWS error shapes; STS's
/// query protocol with an XML answer. Requests must carry a SigV4 Authorization header from a known
/// access key for the key's region. Ciphertexts are AES-GCM under a per-key secret with the
/// encryption context as associated data, so a wrong context fails as with real KMS.
/// </summary>
public sealed class FakeKms : IAsyncDisposable
{
    public const string AccessKeyId = "AKIAFAKEKMSTEST00001";
    public const string SecretAccessKey = "fake/secret/for/tests";
    public const string Arn = "arn:aws:kms:eu-west-1:111122223333:key/0a1b2c3d-1111-2222-3333-444455556666";
    public const string RoleAccessKeyId = "ASIAFAKEROLE00000001";

    private readonly WebApplication app;
    private int encrypts;
    private int decrypts;

    public string Url { get; }

    public int Encrypts => encrypts;
    public int Decrypts => decrypts;

    /// <summary>An AWS error code (<c>AccessDeniedException</c>, <c>ThrottlingException</c>) every KMS call answers with, or null.</summary>
    public string? FailWith { get; set; }

    /// <summary>How long each KMS answer is held back.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>AssumeRole calls seen: (role ARN, session name).</summary>
    public ConcurrentQueue<(string Role, string Session)> AssumedRoles { get; } = new();

    /// <summary>Access key ids that signed KMS calls, in order.</summary>
    public ConcurrentQueue<string> Signers { get; } = new();

    private FakeKms(WebApplication app, string url)
    {
        this.app = app;
        Url = url;
    }

    public static async Task<FakeKms> StartAsync()
    {
        FakeKms? fake = null;
        var (app, url) = await LoopbackServer.StartAsync(ctx => fake!.HandleAsync(ctx));
        fake = new FakeKms(app, url);
        return fake;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        var body = await new StreamReader(ctx.Request.Body).ReadToEndAsync();
        var target = ctx.Request.Headers["X-Amz-Target"].ToString();
        var auth = ctx.Request.Headers.Authorization.ToString();
        if (ctx.Request.Method != "POST")
        {
            await Error(ctx, 400, "UnknownOperationException", null);
            return;
        }

        // SigV4: "AWS4-HMAC-SHA256 Credential=AKID/DATE/REGION/SERVICE/aws4_request, SignedHeaders=..., Signature=..."
        var scope = auth.StartsWith("AWS4-HMAC-SHA256 Credential=", StringComparison.Ordinal)
            ? auth["AWS4-HMAC-SHA256 Credential=".Length..].Split(',')[0].Split('/')
            : null;
        if (scope is not { Length: 5 } || !auth.Contains("Signature=", StringComparison.Ordinal))
        {
            await Error(ctx, 400, "MissingAuthenticationTokenException", "Missing Authentication Token");
            return;
        }

        var known = scope[0] == AccessKeyId || (scope[0] == RoleAccessKeyId && ctx.Request.Headers.ContainsKey("X-Amz-Security-Token"));
        if (!known)
        {
            await Error(ctx, 400, "UnrecognizedClientException", "The security token included in the request is invalid.");
            return;
        }

        if (target.Length == 0 && scope[3] == "sts")
        {
            await AssumeRoleAsync(ctx, body);
            return;
        }

        if (ctx.Request.ContentType != "application/x-amz-json-1.1" || scope[3] != "kms")
        {
            await Error(ctx, 400, "SerializationException", "expected an aws json 1.1 kms request");
            return;
        }

        Signers.Enqueue(scope[0]);
        Interlocked.Increment(ref target == "TrentService.Encrypt" ? ref encrypts : ref decrypts);
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, ctx.RequestAborted);
        }

        using var request = JsonDocument.Parse(body);
        var json = request.RootElement;
        switch (target)
        {
            case "TrentService.Encrypt":
                if (await Failed(ctx))
                {
                    return;
                }

                await EncryptAsync(ctx, json, scope[2]);
                break;
            case "TrentService.Decrypt":
                if (await Failed(ctx))
                {
                    return;
                }

                await DecryptAsync(ctx, json);
                break;
            default:
                await Error(ctx, 400, "UnknownOperationException", null);
                break;
        }
    }

    private async Task<bool> Failed(HttpContext ctx)
    {
        switch (FailWith)
        {
            case null:
                return false;
            case "AccessDeniedException":
                await Error(ctx, 400, FailWith, "User: arn:aws:iam::111122223333:user/ci is not authorized to perform: kms:Decrypt on this resource because no identity-based policy allows the kms:Decrypt action");
                return true;
            default:
                await Error(ctx, 400, FailWith, "Rate exceeded");
                return true;
        }
    }

    private static async Task EncryptAsync(HttpContext ctx, JsonElement json, string signedRegion)
    {
        var keyId = json.GetProperty("KeyId").GetString()!;
        if (!keyId.StartsWith("arn:aws:kms:" + signedRegion + ":", StringComparison.Ordinal))
        {
            await Error(ctx, 400, "NotFoundException", $"Invalid keyId '{keyId}'");
            return;
        }

        var plaintext = Convert.FromBase64String(json.GetProperty("Plaintext").GetString()!);
        var id = Encoding.UTF8.GetBytes(keyId);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var sealedBytes = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var gcm = new AesGcm(Secret(keyId), 16))
        {
            gcm.Encrypt(nonce, plaintext, sealedBytes, tag, Context(json));
        }

        // Blob: key id length, key id, nonce, ciphertext, tag. Like real KMS, the blob names its key.
        byte[] blob = [(byte)id.Length, .. id, .. nonce, .. sealedBytes, .. tag];
        await Json(ctx, 200, w =>
        {
            w.WriteBase64String("CiphertextBlob", blob);
            w.WriteString("KeyId", keyId);
            w.WriteString("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        });
    }

    private static async Task DecryptAsync(HttpContext ctx, JsonElement json)
    {
        var blob = Convert.FromBase64String(json.GetProperty("CiphertextBlob").GetString()!);
        if (blob.Length < 1 + 12 + 16 || blob.Length < 1 + blob[0] + 12 + 16)
        {
            await Error(ctx, 400, "InvalidCiphertextException", null);
            return;
        }

        var keyId = Encoding.UTF8.GetString(blob, 1, blob[0]);
        if (json.TryGetProperty("KeyId", out var given) && given.GetString() is { Length: > 0 } g && g != keyId)
        {
            await Error(ctx, 400, "IncorrectKeyException", "The key ID in the request does not identify a CMK that can perform this operation.");
            return;
        }

        var rest = blob.AsSpan(1 + blob[0]);
        var plaintext = new byte[rest.Length - 12 - 16];
        try
        {
            using var gcm = new AesGcm(Secret(keyId), 16);
            gcm.Decrypt(rest[..12], rest[12..^16], rest[^16..], plaintext, Context(json));
        }
        catch (AuthenticationTagMismatchException)
        {
            // Real KMS says nothing more for a wrong encryption context.
            await Error(ctx, 400, "InvalidCiphertextException", null);
            return;
        }

        await Json(ctx, 200, w =>
        {
            w.WriteString("KeyId", keyId);
            w.WriteBase64String("Plaintext", plaintext);
            w.WriteString("EncryptionAlgorithm", "SYMMETRIC_DEFAULT");
        });
    }

    private async Task AssumeRoleAsync(HttpContext ctx, string body)
    {
        var form = body.Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => Uri.UnescapeDataString(p[0]), p => Uri.UnescapeDataString(p.Length > 1 ? p[1].Replace('+', ' ') : ""));
        if (form.GetValueOrDefault("Action") != "AssumeRole")
        {
            ctx.Response.StatusCode = 400;
            return;
        }

        AssumedRoles.Enqueue((form["RoleArn"], form["RoleSessionName"]));
        ctx.Response.ContentType = "text/xml";
        await ctx.Response.WriteAsync($"""
            <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <AssumeRoleResult>
                <Credentials>
                  <AccessKeyId>{RoleAccessKeyId}</AccessKeyId>
                  <SecretAccessKey>role/secret</SecretAccessKey>
                  <SessionToken>role-session-token</SessionToken>
                  <Expiration>{DateTime.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}</Expiration>
                </Credentials>
                <AssumedRoleUser>
                  <AssumedRoleId>AROAFAKE:{form["RoleSessionName"]}</AssumedRoleId>
                  <Arn>{form["RoleArn"]}</Arn>
                </AssumedRoleUser>
              </AssumeRoleResult>
              <ResponseMetadata><RequestId>00000000-0000-0000-0000-000000000000</RequestId></ResponseMetadata>
            </AssumeRoleResponse>
            """);
    }

    /// <summary>The per-key secret; anyone with the key id can derive it, which is fine for a fake.</summary>
    private static byte[] Secret(string keyId) => SHA256.HashData(Encoding.UTF8.GetBytes("fake-kms:" + keyId));

    /// <summary>The encryption context as associated data, in a canonical (sorted) form.</summary>
    private static byte[] Context(JsonElement json) =>
        Encoding.UTF8.GetBytes(json.TryGetProperty("EncryptionContext", out var c) && c.ValueKind == JsonValueKind.Object
            ? string.Join("\n", c.EnumerateObject().Select(p => p.Name + "=" + p.Value.GetString()).Order(StringComparer.Ordinal))
            : "");

    private static Task Error(HttpContext ctx, int status, string type, string? message) => Json(ctx, status, w =>
    {
        w.WriteString("__type", type);
        if (message is not null)
        {
            w.WriteString("message", message);
        }
    });

    private static async Task Json(HttpContext ctx, int status, Action<Utf8JsonWriter> write)
    {
        ctx.Response.StatusCode = status;
        ctx.Response.ContentType = "application/x-amz-json-1.1";
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            write(w);
            w.WriteEndObject();
        }

        await ctx.Response.Body.WriteAsync(buffer.ToArray());
    }
}
