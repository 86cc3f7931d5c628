using System.Security.Cryptography.X509Certificates;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Identity;
using SopsNet.Files;
using SopsNet.Keys;
using YamlDotNet.RepresentationModel;

namespace SopsNet.AzureKeyVault;

/// <summary>
/// Azure Key Vault for key discovery (<see cref="KeyServices"/> finds it when this package is referenced)
/// and <c>.sops.yaml</c>. Credentials: the service principal from the environment, else the whole
/// DefaultAzureCredential chain, as sops.
/// </summary>
public sealed class AzureKeyVaultKeyService : IKeyService
{
    /// <summary>
    /// Test-only: a certificate file (PEM or DER) trusted in addition to the system's authorities, for a
    /// local https stand-in of Key Vault and of the token endpoint. It pins that one certificate; it
    /// never disables certificate validation.
    /// </summary>
    public const string TrustedCertificateVariable = "SOPSNET_TEST_AZURE_TRUSTED_CERT";

    public const string ManagedIdentityVariable = "SOPSNET_AZURE_MANAGED_IDENTITY";

    public string Type => AzureKeyVaultKeyUrl.KeyType;

    public IEnumerable<MasterKey> FromConfig(YamlMappingNode node, bool inKeyGroup)
    {
        ArgumentNullException.ThrowIfNull(node);
        return Parse(node.Children.TryGetValue(new YamlScalarNode("azure_keyvault"), out var value) ? value : null);
    }

    /// <summary>
    /// <c>azure_keyvault:</c> of a creation rule: a comma-separated string or a list of urls, or (as in
    /// sops's key groups) a list of <c>{vaultUrl, key, version}</c> — camelCase <c>vaultUrl</c> as sops.
    /// </summary>
    private static IEnumerable<MasterKey> Parse(YamlNode? node)
    {
        var items = node switch
        {
            null or YamlScalarNode { Value: null or "" } => [],
            YamlScalarNode s => (s.Value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => (YamlNode)new YamlScalarNode(v)).ToList(),
            YamlSequenceNode seq => seq.Children.ToList(),
            _ => throw new ArgumentException("azure_keyvault: expected key urls or a list of {vaultUrl, key, version}"),
        };
        foreach (var item in items)
        {
            AzureKeyVaultKeyUrl url;
            try
            {
                url = item switch
                {
                    YamlScalarNode { Value: { } text } => AzureKeyVaultKeyUrl.Parse(text),
                    YamlMappingNode m => AzureKeyVaultKeyUrl.Parse(
                        $"{Field(m, "vaultUrl").TrimEnd('/')}/keys/{Field(m, "key")}/{Field(m, "version")}".TrimEnd('/')),
                    _ => throw new FormatException("azure_keyvault: expected a key url or {vaultUrl, key, version}"),
                };
            }
            catch (FormatException e)
            {
                throw new ArgumentException(e.Message);
            }

            yield return url.ToTemplate();
        }
    }

    private static string Field(YamlMappingNode m, string name) =>
        m.Children.TryGetValue(new YamlScalarNode(name), out var v) && v is YamlScalarNode { Value: { } s } ? s.Trim() : "";

    public IKeyProvider CreateProvider(KeyEnvironment environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var ctx = environment;
        var timeout = ctx.KeyTimeout;
        var transport = TestTransport(ctx);
        var options = new AzureKeyVaultOptions { Timeout = timeout, Transport = transport, Clock = ctx.Clock };
        return new AzureKeyVaultKeyProvider(() => Credential(ctx, transport, options), options);
    }

    private static HttpPipelineTransport? TestTransport(KeyEnvironment ctx)
    {
        if (ctx.Get(TrustedCertificateVariable) is not { } path)
        {
            return null;
        }

        try
        {
            return PinnedCertificateTransport.Create(X509CertificateLoader.LoadCertificateFromFile(ctx.FullPath(path)));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Security.Cryptography.CryptographicException)
        {
            throw new SopsException(SopsError.Generic, $"{TrustedCertificateVariable}: cannot read the certificate: {e.Message}");
        }
    }

    /// <summary>
    /// The service principal from AZURE_TENANT_ID/AZURE_CLIENT_ID/AZURE_CLIENT_SECRET when all are set
    /// (what DefaultAzureCredential's first link does, but read from this run's environment), otherwise
    /// the whole DefaultAzureCredential chain as sops uses it.
    /// </summary>
    private static TokenCredential Credential(KeyEnvironment ctx, HttpPipelineTransport? transport, AzureKeyVaultOptions vault)
    {
        var authority = ctx.Get("AZURE_AUTHORITY_HOST") is { } a && Uri.TryCreate(a, UriKind.Absolute, out var u) ? u : null;

        // Instance discovery asks the public cloud about the authority; a private or local authority
        // (Azure Stack, a test stand-in) is unknown there, so it is only done for the known clouds.
        var discover = authority is null || authority == AzureAuthorityHosts.AzurePublicCloud ||
                       authority == AzureAuthorityHosts.AzureChina || authority == AzureAuthorityHosts.AzureGovernment;
        if (ctx.Get("AZURE_TENANT_ID") is { } tenant && ctx.Get("AZURE_CLIENT_ID") is { } client && ctx.Get("AZURE_CLIENT_SECRET") is { } secret)
        {
            var options = new ClientSecretCredentialOptions { DisableInstanceDiscovery = !discover };
            if (authority is not null)
            {
                options.AuthorityHost = authority;
            }

            if (transport is not null)
            {
                options.Transport = transport;
            }

            SameRetries(options, vault);
            return new ClientSecretCredential(tenant, client, secret, options);
        }

        // SOPSNET_AZURE_MANAGED_IDENTITY=false (ours) skips the managed-identity link, which probes the
        // instance metadata address: pointless off Azure, and the tests must never send traffic off loopback.
        var chain = new DefaultAzureCredentialOptions
        {
            DisableInstanceDiscovery = !discover,
            ExcludeManagedIdentityCredential = ctx.Get(ManagedIdentityVariable) is "false" or "0",
        };
        if (authority is not null)
        {
            chain.AuthorityHost = authority;
        }

        if (transport is not null)
        {
            chain.Transport = transport;
        }

        SameRetries(chain, vault);
        return new DefaultAzureCredential(chain);
    }

    /// <summary>The token endpoint gets the vault's retry budget, so a failing login fits in the timeout too.</summary>
    private static void SameRetries(ClientOptions options, AzureKeyVaultOptions vault)
    {
        options.Retry.MaxRetries = vault.MaxRetries;
        options.Retry.Delay = TimeSpan.FromMilliseconds(400);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(4);
        options.Retry.NetworkTimeout = vault.Timeout;
    }
}
