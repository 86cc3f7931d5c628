using SopsNet.Keys;

namespace SopsNet.AzureKeyVault;

/// <summary>
/// A Key Vault key as users write it: <c>https://VAULT/keys/NAME[/VERSION]</c>. The stored entry keeps
/// the vault URL (scheme and host, no path), the key name and the version (empty until looked up).
/// </summary>
public sealed record AzureKeyVaultKeyUrl(string VaultUrl, string Name, string Version)
{
    /// <summary>The metadata list name sops uses for these keys.</summary>
    public const string KeyType = "azure_kv";

    public static AzureKeyVaultKeyUrl Parse(string text)
    {
        var trimmed = text.Trim();
        if (!Uri.TryCreate(trimmed, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new FormatException($"azure key vault key url '{trimmed}': expected https://VAULT/keys/NAME[/VERSION]");
        }

        var segments = uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        if (segments.Length is < 2 or > 3 || segments[0] != "keys" || !string.IsNullOrEmpty(uri.Query))
        {
            throw new FormatException($"azure key vault key url '{trimmed}': expected https://VAULT/keys/NAME[/VERSION]");
        }

        return new AzureKeyVaultKeyUrl(uri.GetLeftPart(UriPartial.Authority), Uri.UnescapeDataString(segments[1]),
            segments.Length == 3 ? Uri.UnescapeDataString(segments[2]) : "");
    }

    /// <summary>The fields of a stored <c>azure_kv</c> entry (missing fields read as empty).</summary>
    public static AzureKeyVaultKeyUrl From(MasterKey key) =>
        new((key.Field("vault_url") ?? "").TrimEnd('/'), key.Field("name") ?? "", key.Field("version") ?? "");

    /// <summary>A master-key template without <c>enc</c>: the version is filled in when the key is wrapped.</summary>
    public MasterKey ToTemplate() =>
        MasterKey.Create(KeyType, ("vault_url", VaultUrl), ("name", Name), ("version", Version));

    public override string ToString() =>
        Version.Length == 0 ? $"{VaultUrl}/keys/{Name}" : $"{VaultUrl}/keys/{Name}/{Version}";
}
