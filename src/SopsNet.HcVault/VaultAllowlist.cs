namespace SopsNet.HcVault;

/// <summary>
/// SOPS_HC_VAULT_ALLOWLIST (sops 3.13): <c>all</c> (the default), <c>none</c>, or comma-separated URL
/// prefixes. A file can name any Vault address, and decrypting would send the caller's token there; the
/// allow-list keeps an untrusted file from harvesting tokens.
/// </summary>
public sealed record VaultAllowlist(IReadOnlyList<string>? Prefixes)
{
    public static VaultAllowlist All { get; } = new((IReadOnlyList<string>?)null);

    public static VaultAllowlist Parse(string? value) => value?.Trim() switch
    {
        null or "" or "all" => All,
        "none" => new VaultAllowlist([]),
        var list => new VaultAllowlist(list.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)),
    };

    public bool Allows(VaultKeyUri key) =>
        Prefixes is null || Prefixes.Any(p => key.ToString().StartsWith(p, StringComparison.OrdinalIgnoreCase));
}
