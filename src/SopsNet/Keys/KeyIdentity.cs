namespace SopsNet.Keys;

/// <summary>
/// What makes two master-key entries the same recipient, whatever their <c>enc</c> or <c>created_at</c>:
/// used to tell which recipients a key update adds and removes.
/// </summary>
public static class KeyIdentity
{
    public static string Of(MasterKey key) => key.Type + ":" + key.Type switch
    {
        "age" => key.Field("recipient")?.Trim(),
        "pgp" => key.Field("fp")?.Replace(" ", "", StringComparison.Ordinal).ToUpperInvariant(),
        "kms" => $"{key.Field("arn")}+{key.Field("role")}",
        "gcp_kms" => key.Field("resource_id"),
        "azure_kv" => $"{key.Field("vault_url")}/keys/{key.Field("name")}/{key.Field("version")}",
        "hc_vault" => $"{key.Field("vault_address")}/v1/{key.Field("engine_path")}/keys/{key.Field("key_name")}",
        "hckms" => key.Field("key_id"),
        _ => key.Enc,
    };

    /// <summary>The short form users recognise: the recipient, fingerprint or key id.</summary>
    public static string Display(MasterKey key) => Of(key)[(key.Type.Length + 1)..];
}
