using Amazon.Runtime;
using SopsNet.Files;
using SopsNet.Keys;
using YamlDotNet.RepresentationModel;

namespace SopsNet.AwsKms;

/// <summary>AWS KMS for key discovery (<see cref="KeyServices"/> finds it when this package is referenced) and <c>.sops.yaml</c>.</summary>
public sealed class AwsKmsKeyService : IKeyService
{
    public string Type => AwsKmsKeys.Type;

    /// <summary>
    /// Everything comes from <paramref name="environment"/>, not the process, because the SDK would read
    /// only the real environment: tests and hosts pass their own.
    /// </summary>
    public IKeyProvider CreateProvider(KeyEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var env = environment;
        var accessKey = env.Get("AWS_ACCESS_KEY_ID");
        var secretKey = env.Get("AWS_SECRET_ACCESS_KEY");
        AWSCredentials? credentials = accessKey is null || secretKey is null ? null
            : env.Get("AWS_SESSION_TOKEN") is { } token ? new SessionAWSCredentials(accessKey, secretKey, token)
            : new BasicAWSCredentials(accessKey, secretKey);
        var home = env.Get("HOME") ?? env.Get("USERPROFILE");
        return new AwsKmsKeyProvider(new AwsKmsOptions
        {
            Credentials = credentials,
            DefaultProfile = env.Get("AWS_PROFILE"),
            SharedCredentialsFile = env.Get("AWS_SHARED_CREDENTIALS_FILE") is { } f ? env.FullPath(f)
                : home is null ? null : Path.Combine(home, ".aws", "credentials"),
            UseDefaultCredentialChain = !string.Equals(env.Get("AWS_EC2_METADATA_DISABLED"), "true", StringComparison.OrdinalIgnoreCase),
            KmsServiceUrl = env.Get("AWS_ENDPOINT_URL_KMS") ?? env.Get("AWS_ENDPOINT_URL"),
            StsServiceUrl = env.Get("AWS_ENDPOINT_URL_STS") ?? env.Get("AWS_ENDPOINT_URL"),
            Timeout = env.KeyTimeout,
            Clock = env.Clock,
        });
    }

    /// <summary>
    /// A creation rule's <c>kms</c> (string or list of <c>ARN[+ROLE]</c>, with the rule's <c>aws_profile</c>),
    /// or a key group's <c>kms</c> list of <c>{arn, role, context, aws_profile}</c> objects.
    /// </summary>
    public IEnumerable<MasterKey> FromConfig(YamlMappingNode node, bool inKeyGroup)
    {
        ArgumentNullException.ThrowIfNull(node);
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
        var profile = Text(node, "aws_profile");
        return specs.SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(s => AwsKmsKeys.FromSpec(s, null, profile)).ToList();
    }

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Text(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;
}
