using System.Collections.Immutable;
using System.Globalization;
using Amazon.Runtime;
using SopsNet.AwsKms;
using SopsNet.Cli.Output;
using SopsNet.Keys;
using YamlDotNet.RepresentationModel;

namespace SopsNet.Cli.Keys;

/// <summary>
/// The CLI side of AWS KMS keys: the provider built from the CLI's environment, and key templates from
/// <c>--kms</c>/<c>SOPS_KMS_ARN</c>, <c>--encryption-context</c> and <c>.sops.yaml</c>.
/// </summary>
public static class AwsKmsCli
{
    /// <summary>
    /// Everything comes from the CLI context, not the process, because the SDK would read only the
    /// real environment: tests run the CLI in process with their own.
    /// </summary>
    public static IKeyProvider Provider(CliContext ctx)
    {
        var accessKey = ctx.Env("AWS_ACCESS_KEY_ID");
        var secretKey = ctx.Env("AWS_SECRET_ACCESS_KEY");
        AWSCredentials? credentials = accessKey is null || secretKey is null ? null
            : ctx.Env("AWS_SESSION_TOKEN") is { } token ? new SessionAWSCredentials(accessKey, secretKey, token)
            : new BasicAWSCredentials(accessKey, secretKey);
        var home = ctx.Env("HOME") ?? ctx.Env("USERPROFILE");
        return new AwsKmsKeyProvider(new AwsKmsOptions
        {
            Credentials = credentials,
            DefaultProfile = ctx.Env("AWS_PROFILE"),
            SharedCredentialsFile = ctx.Env("AWS_SHARED_CREDENTIALS_FILE") is { } f ? ctx.FullPath(f)
                : home is null ? null : Path.Combine(home, ".aws", "credentials"),
            UseDefaultCredentialChain = !string.Equals(ctx.Env("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase),
            KmsServiceUrl = ctx.Env("AWS_ENDPOINT_URL_KMS") ?? ctx.Env("AWS_ENDPOINT_URL"),
            StsServiceUrl = ctx.Env("AWS_ENDPOINT_URL_STS") ?? ctx.Env("AWS_ENDPOINT_URL"),
            Timeout = KeyTimeout.From(ctx),
            Clock = ctx.Clock,
        });
    }

    /// <summary>
    /// sops's <c>--encryption-context k1:v1,k2:v2</c>: every item must split into exactly two parts at
    /// <c>:</c> (no trimming), else the whole flag is invalid (exit 6).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseContext(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        foreach (var item in text.Split(','))
        {
            var kv = item.Split(':');
            if (kv.Length != 2)
            {
                throw new SopsException(SopsError.InvalidKmsEncryptionContextFormat,
                    $"--encryption-context: '{item}' is not key:value (expected k1:v1,k2:v2)");
            }

            result[kv[0]] = kv[1];
        }

        return result;
    }

    /// <summary>For commands that build keys while parsing flags: a bad context reported (exit 6), else null.</summary>
    public static Task<int>? RejectContext(CliContext ctx, string? context)
    {
        try
        {
            ParseContext(context);
            return null;
        }
        catch (SopsException e)
        {
            return Task.FromResult(new Reporter(ctx.StandardError).Fail(e, null));
        }
    }

    /// <summary>Templates from a comma-separated <c>ARN[+ROLE_ARN]</c> list (<c>--kms</c>, <c>SOPS_KMS_ARN</c>, <c>--add-kms</c>).</summary>
    public static IEnumerable<MasterKey> FromList(IEnumerable<string> specs, string? profile, string? context)
    {
        var parsed = ParseContext(context);
        return specs.SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(s => AwsKmsKeys.FromSpec(s, parsed, profile)).ToList();
    }

    /// <summary>
    /// The CLI's <c>--encryption-context</c> applies to the rule's kms keys as well (docs/format.md §10.3), except to
    /// key-group entries that carry their own <c>context</c>.
    /// </summary>
    public static ImmutableArray<ImmutableArray<MasterKey>> ApplyContext(ImmutableArray<ImmutableArray<MasterKey>> groups, string? context)
    {
        var parsed = ParseContext(context);
        return parsed.Count == 0 ? groups : [.. groups.Select(g => g.Select(k =>
            k.Type == AwsKmsKeys.Type && AwsKmsKeys.Context(k).Count == 0 ? AwsKmsKeys.WithContext(k, parsed) : k).ToImmutableArray())];
    }

    /// <summary>
    /// A creation rule's <c>kms</c> (string or list of <c>ARN[+ROLE]</c>, with the rule's <c>aws_profile</c>),
    /// or a key group's <c>kms</c> list of <c>{arn, role, context, aws_profile}</c> objects.
    /// </summary>
    public static IEnumerable<MasterKey> FromConfig(YamlMappingNode node, bool inKeyGroup)
    {
        var value = Child(node, "kms");
        if (inKeyGroup && value is YamlSequenceNode entries)
        {
            return entries.Children.OfType<YamlMappingNode>().Select(e => AwsKmsKeys.Create(
                Text(e, "arn") ?? "", Text(e, "role"),
                Child(e, "context") is YamlMappingNode c
                    ? c.Children.ToDictionary(kv => (kv.Key as YamlScalarNode)?.Value ?? "", kv => (kv.Value as YamlScalarNode)?.Value ?? "", StringComparer.Ordinal)
                    : null,
                Text(e, "aws_profile"))).ToList();
        }

        var specs = value switch
        {
            YamlScalarNode { Value: { } v } => [v],
            YamlSequenceNode s => s.Children.OfType<YamlScalarNode>().Select(c => c.Value ?? ""),
            _ => Enumerable.Empty<string>(),
        };
        return FromList(specs, Text(node, "aws_profile"), null);
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Text(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;
}
