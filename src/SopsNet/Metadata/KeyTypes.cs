namespace SopsNet.Metadata;

/// <summary>The metadata list names of master keys.</summary>
public static class KeyTypes
{
    public const string Age = "age";
    public const string Pgp = "pgp";

    /// <summary>The order sops builds a key group in when reading (it matters only for decryption order).</summary>
    public static IReadOnlyList<string> ReadOrder { get; } = ["kms", "gcp_kms", "hckms", "azure_kv", "hc_vault", "pgp", "age"];

    /// <summary>sops 3.13 writes these in every key-group map even when empty (no omitempty on them).</summary>
    public static IReadOnlyList<string> AlwaysInGroup { get; } = ["age", "hc_vault"];
}
