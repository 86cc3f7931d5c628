using SopsNet.Keys;
using YamlDotNet.RepresentationModel;

namespace SopsNet.Files;

/// <summary>
/// A key service that lives in its own package (AWS KMS, GCP KMS, Vault, Azure Key Vault): how its provider
/// is built from the environment, and how its keys are written in <c>.sops.yaml</c>.
/// </summary>
public interface IKeyService
{
    /// <summary>The metadata key type it serves (<c>kms</c>, <c>gcp_kms</c>, <c>hc_vault</c>, <c>azure_kv</c>).</summary>
    string Type { get; }

    /// <summary>The provider, reading credentials from <paramref name="environment"/> (nothing is contacted yet).</summary>
    IKeyProvider CreateProvider(KeyEnvironment environment);

    /// <summary>
    /// Its key templates in a creation rule (<paramref name="inKeyGroup"/> false) or a <c>key_groups</c> entry.
    /// Throws <see cref="ArgumentException"/> for a malformed key.
    /// </summary>
    IEnumerable<MasterKey> FromConfig(YamlMappingNode node, bool inKeyGroup);
}
