using System.Collections.Concurrent;
using System.Text.RegularExpressions;
using Amazon;
using Amazon.KeyManagementService;
using Amazon.KeyManagementService.Model;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.SecurityToken;
using Amazon.SecurityToken.Model;
using SopsNet.Keys;
using SopsNet.Values;

namespace SopsNet.AwsKms;

/// <summary>
/// The sops <c>kms</c> key type (docs/format.md §8.4): the data key encrypted by AWS KMS under <c>arn</c> with the
/// entry's encryption context; <c>enc</c> = base64 of the CiphertextBlob. Nothing is contacted until a
/// key needs it, and within one provider each distinct wrapped key is sent to KMS once.
/// </summary>
public sealed partial class AwsKmsKeyProvider(AwsKmsOptions options) : IKeyProvider
{
    // Process-wide, so a run over 200 files that share one wrapped key (each file opening its own key
    // ring) calls KMS once. The key includes who asks and where, so one identity's success never serves
    // another. Failures are dropped, so a transient outage is retried by the next file.
    private static readonly ConcurrentDictionary<string, Lazy<Task<byte[]>>> Unwrapped = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, Lazy<Task<AWSCredentials?>>> credentials = new(StringComparer.Ordinal);

    public string Type => AwsKmsKeys.Type;

    public string Describe(MasterKey key) =>
        (key.Field("arn") ?? "kms key without arn") + (key.Field("role") is { Length: > 0 } role ? "+" + role : "");

    public Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken) =>
        WithClientAsync(key, async (client, ct) =>
        {
            var response = await client.EncryptAsync(new EncryptRequest
            {
                KeyId = key.Field("arn"),
                Plaintext = new MemoryStream(dataKey.ToArray()),
                EncryptionContext = AwsKmsKeys.Context(key),
            }, ct).ConfigureAwait(false);
            return key.With("created_at", GoTime.FromUtc(options.Clock.GetUtcNow()).ToString())
                .With("enc", Convert.ToBase64String(response.CiphertextBlob.ToArray()));
        }, cancellationToken);

    public Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken)
    {
        var context = AwsKmsKeys.Context(key);
        var cacheKey = string.Join('\0', [Identity(), options.KmsServiceUrl, options.StsServiceUrl, key.Field("arn"), key.Field("role"), key.Field("aws_profile"), key.Enc,
            .. context.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => kv.Key + "=" + kv.Value)]);
        var entry = Unwrapped.GetOrAdd(cacheKey, _ => new Lazy<Task<byte[]>>(() => DecryptAsync(key, context, cancellationToken)));
        return Forget(cacheKey, entry);
    }

    private static async Task<byte[]> Forget(string cacheKey, Lazy<Task<byte[]>> entry)
    {
        try
        {
            return (byte[])(await entry.Value.ConfigureAwait(false)).Clone();
        }
        catch
        {
            Unwrapped.TryRemove(new KeyValuePair<string, Lazy<Task<byte[]>>>(cacheKey, entry));
            throw;
        }
    }

    /// <summary>Who asks: the explicit access key, or the profile the SDK's chain starts from.</summary>
    private string Identity() => options.Credentials is { } c
        ? "key:" + c.GetCredentials().AccessKey
        : "chain:" + options.DefaultProfile + "\0" + options.SharedCredentialsFile;

    private Task<byte[]> DecryptAsync(MasterKey key, Dictionary<string, string> context, CancellationToken cancellationToken)
    {
        byte[] blob;
        try
        {
            blob = Convert.FromBase64String(key.Enc);
        }
        catch (FormatException)
        {
            throw new KeyUnwrapException("enc is not valid base64");
        }

        return WithClientAsync(key, async (client, ct) =>
        {
            var response = await client.DecryptAsync(new DecryptRequest
            {
                KeyId = key.Field("arn"),
                CiphertextBlob = new MemoryStream(blob),
                EncryptionContext = context,
            }, ct).ConfigureAwait(false);
            return response.Plaintext.ToArray();
        }, cancellationToken);
    }

    /// <summary>Runs one KMS call for <paramref name="key"/> within the timeout, SDK retries and role assumption included.</summary>
    private async Task<T> WithClientAsync<T>(MasterKey key, Func<AmazonKeyManagementServiceClient, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var arn = key.Field("arn") ?? throw new KeyUnwrapException("the kms key entry has no arn");
        var region = AwsKmsArn.Region(arn)
            ?? throw new KeyUnwrapException("not a kms key or alias arn (arn:aws:kms:REGION:ACCOUNT:key/ID), so no region can be taken from it");
        var endpoint = options.KmsServiceUrl ?? $"https://kms.{region}.amazonaws.com";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Timeout);
        try
        {
            var creds = await Credentials(key, region, endpoint, timeout.Token).ConfigureAwait(false);
            var config = new AmazonKeyManagementServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region), Timeout = options.Timeout };
            if (options.KmsServiceUrl is { } url)
            {
                config.ServiceURL = url;
                config.AuthenticationRegion = region;
            }

            using var client = creds is null ? new AmazonKeyManagementServiceClient(config) : new AmazonKeyManagementServiceClient(creds, config);
            return await call(client, timeout.Token).ConfigureAwait(false);
        }
        catch (KeyUnwrapException)
        {
            throw;
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw AwsKmsFailure.TimedOut(options.Timeout, endpoint, e);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException or InvalidOperationException)
        {
            throw AwsKmsFailure.From(e, endpoint);
        }
    }

    private Task<AWSCredentials?> Credentials(MasterKey key, string region, string endpoint, CancellationToken ct)
    {
        var profile = key.Field("aws_profile") is { Length: > 0 } p ? p : null;
        var role = key.Field("role") is { Length: > 0 } r ? r : null;
        // Base credentials are cached per profile and assumed roles per role and region, as sops's
        // clients are per key; the data-key cache above already removes repeated calls.
        var cacheKey = $"{profile}\0{role}\0{(role is null ? "" : region)}";
        var task = credentials.GetOrAdd(cacheKey, _ => new Lazy<Task<AWSCredentials?>>(async () =>
        {
            var baseCredentials = BaseCredentials(profile, endpoint);
            return role is null ? baseCredentials : await AssumeRoleAsync(baseCredentials, role, region, ct).ConfigureAwait(false);
        })).Value;
        return task.WaitAsync(ct);
    }

    /// <summary>Problems found here are reported before any call, still naming the endpoint the key was meant for.</summary>
    private AWSCredentials? BaseCredentials(string? keyProfile, string endpoint)
    {
        if (keyProfile is null && options.Credentials is { } explicitCredentials)
        {
            return explicitCredentials;
        }

        var profile = keyProfile ?? options.DefaultProfile ?? "default";
        var store = options.SharedCredentialsFile is { } file ? new CredentialProfileStoreChain(file) : new CredentialProfileStoreChain();
        if (store.TryGetAWSCredentials(profile, out var fromProfile))
        {
            return fromProfile;
        }

        if (keyProfile is not null || options.DefaultProfile is not null)
        {
            throw new KeyUnwrapException($"no aws credentials: profile '{profile}' not found (endpoint {endpoint}, not contacted)");
        }

        return options.UseDefaultCredentialChain
            ? null
            : throw new KeyUnwrapException("no aws credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, AWS_PROFILE, " +
                $"or aws_profile on the key (endpoint {endpoint}, not contacted)");
    }

    private async Task<AWSCredentials> AssumeRoleAsync(AWSCredentials? baseCredentials, string role, string region, CancellationToken ct)
    {
        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = RegionEndpoint.GetBySystemName(region), Timeout = options.Timeout };
        if (options.StsServiceUrl is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = region;
        }

        var endpoint = options.StsServiceUrl ?? $"https://sts.{region}.amazonaws.com";
        try
        {
            using var sts = baseCredentials is null ? new AmazonSecurityTokenServiceClient(config) : new AmazonSecurityTokenServiceClient(baseCredentials, config);
            var response = await sts.AssumeRoleAsync(new AssumeRoleRequest { RoleArn = role, RoleSessionName = SessionName(options.HostName) }, ct)
                .ConfigureAwait(false);
            var c = response.Credentials;
            return new SessionAWSCredentials(c.AccessKeyId, c.SecretAccessKey, c.SessionToken);
        }
        catch (Exception e) when (e is AmazonServiceException or AmazonClientException or HttpRequestException or IOException)
        {
            var failure = AwsKmsFailure.From(e, endpoint);
            throw new KeyUnwrapException($"cannot assume role {role}: {failure.Message}", e);
        }
    }

    /// <summary>sops's session name: <c>sops@HOST</c> with characters STS refuses removed, at most 64 characters.</summary>
    public static string SessionName(string hostName)
    {
        var name = "sops@" + DisallowedInSessionName().Replace(hostName, "");
        return name.Length > 64 ? name[..64] : name;
    }

    [GeneratedRegex(@"[^\w+=,.@-]")]
    private static partial Regex DisallowedInSessionName();
}
