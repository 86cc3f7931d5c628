using SopsNet.Files;
using SopsNet.Keys;
using YamlDotNet.RepresentationModel;

namespace SopsNet.HcVault;

/// <summary>Vault / OpenBao transit for key discovery (<see cref="KeyServices"/> finds it when this package is referenced) and <c>.sops.yaml</c>.</summary>
public sealed class VaultKeyService : IKeyService
{
    public string Type => "hc_vault";

    /// <summary>Nothing is read or contacted here: the token is read on the first hc_vault call.</summary>
    public IKeyProvider CreateProvider(KeyEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        return new VaultTransitKeyProvider(
            VaultTransitKeyProvider.TokenFrom(environment.Get("VAULT_TOKEN"), environment.Get("HOME")),
            VaultAllowlist.Parse(environment.Get("SOPS_HC_VAULT_ALLOWLIST")),
            environment.Get("VAULT_NAMESPACE"),
            environment.KeyTimeout,
            environment.Clock);
    }

    /// <summary>A creation rule's <c>hc_vault_transit_uri</c> or a key group's <c>hc_vault</c>: a comma-separated string or a list of URIs.</summary>
    public IEnumerable<MasterKey> FromConfig(YamlMappingNode node, bool inKeyGroup)
    {
        ArgumentNullException.ThrowIfNull(node);
        return (node.Children.TryGetValue(new YamlScalarNode(inKeyGroup ? "hc_vault" : "hc_vault_transit_uri"), out var value) ? value : null) switch
        {
            YamlScalarNode { Value: { } v } => Split(v).Select(VaultTransitKeyProvider.Template),
            YamlSequenceNode s => s.Children.OfType<YamlScalarNode>().SelectMany(c => Split(c.Value)).Select(VaultTransitKeyProvider.Template),
            _ => [],
        };
    }

    private static string[] Split(string? value) => (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
