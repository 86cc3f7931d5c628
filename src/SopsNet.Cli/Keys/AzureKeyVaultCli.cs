using System.CommandLine;
using SopsNet.AzureKeyVault;
using SopsNet.Files.Config;
using SopsNet.Cli.Output;
using SopsNet.Keys;

namespace SopsNet.Cli.Keys;

/// <summary>
/// The CLI side of Azure Key Vault keys: the flags (the provider and the <c>.sops.yaml</c> forms are
/// <see cref="AzureKeyVaultKeyService"/>).
/// </summary>
internal static class AzureKeyVaultCli
{
    /// <summary>Test-only: see <see cref="AzureKeyVaultKeyService.TrustedCertificateVariable"/>.</summary>
    public const string TrustedCertificateVariable = AzureKeyVaultKeyService.TrustedCertificateVariable;

    /// <summary>Seconds one Key Vault operation may take, retries and token included (default 30); the same knob as for AWS KMS.</summary>
    public const string TimeoutVariable = "SOPSNET_KEY_TIMEOUT";

    public const string ManagedIdentityVariable = AzureKeyVaultKeyService.ManagedIdentityVariable;

    public static Option<string?> EncryptOption { get; } = Validated(new Option<string?>("--azure-kv")
    {
        Description = "comma-separated Azure Key Vault key urls https://VAULT/keys/NAME[/VERSION] (env SOPS_AZURE_KEYVAULT_URLS)",
    });

    public static Option<string[]> AddOption { get; } = Validated(new Option<string[]>("--add-azure-kv") { Description = "Azure Key Vault key url to add" });

    public static Option<string[]> RemoveOption { get; } = Validated(new Option<string[]>("--rm-azure-kv") { Description = "Azure Key Vault key url to remove" });

    /// <summary>Templates for comma-separated key urls (flags, SOPS_AZURE_KEYVAULT_URLS).</summary>
    public static List<MasterKey> Keys(IEnumerable<string>? lists) =>
        (lists ?? []).SelectMany(KeySpecs.SplitList).Select(Key).ToList();

    public static MasterKey Key(string url)
    {
        try
        {
            return AzureKeyVaultKeyUrl.Parse(url).ToTemplate();
        }
        catch (FormatException e)
        {
            throw new SopsException(SopsError.Generic, e.Message);
        }
    }

    private static T Validated<T>(T option) where T : Option
    {
        option.Validators.Add(result =>
        {
            foreach (var url in result.Tokens.SelectMany(t => KeySpecs.SplitList(t.Value)))
            {
                try
                {
                    AzureKeyVaultKeyUrl.Parse(url);
                }
                catch (FormatException e)
                {
                    result.AddError(e.Message);
                }
            }
        });
        return option;
    }
}
