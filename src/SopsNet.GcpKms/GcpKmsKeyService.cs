using SopsNet.Files;
using SopsNet.Keys;
using YamlDotNet.RepresentationModel;

namespace SopsNet.GcpKms;

/// <summary>GCP KMS for key discovery (<see cref="KeyServices"/> finds it when this package is referenced) and <c>.sops.yaml</c>.</summary>
public sealed class GcpKmsKeyService : IKeyService
{
    public string Type => "gcp_kms";

    /// <summary>Nothing is read or contacted here: credentials are resolved on the first gcp_kms call.</summary>
    public IKeyProvider CreateProvider(KeyEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new GcpKmsKeyProvider(GcpCredentials.FromEnvironment(environment.Get), environment.Get("SOPS_GCP_KMS_ENDPOINT"), environment.KeyTimeout, environment.Clock);
    }

    /// <summary>
    /// <c>gcp_kms</c>: a comma-separated string or list of resource ids; in a key group, a list of
    /// <c>{resource_id: …}</c> (plain strings accepted too).
    /// </summary>
    public IEnumerable<MasterKey> FromConfig(YamlMappingNode node, bool inKeyGroup)
    {
        ArgumentNullException.ThrowIfNull(node);
        return (node.Children.TryGetValue(new YamlScalarNode("gcp_kms"), out var value) ? value : null) switch
        {
            YamlScalarNode { Value: { } v } => Split(v).Select(GcpKmsKeyProvider.Template),
            YamlSequenceNode s => s.Children.SelectMany(c => c switch
            {
                YamlScalarNode { Value: { } v } => Split(v),
                YamlMappingNode m when m.Children.TryGetValue(new YamlScalarNode("resource_id"), out var id) && id is YamlScalarNode { Value: { } r } => [r],
                _ => throw new ArgumentException("gcp_kms: each entry must be a resource id or {resource_id: …}"),
            }).Select(GcpKmsKeyProvider.Template),
            _ => [],
        };
    }

    private static string[] Split(string value) => value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
