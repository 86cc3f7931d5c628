namespace SopsNet.Documents;

/// <summary>
/// The indentation a store lays new output out with (<c>.sops.yaml</c>'s <c>stores</c> section). The
/// defaults are sops's: 4 spaces for YAML, one TAB (-1) for JSON and sops's binary JSON.
/// </summary>
public sealed record StoreIndents
{
    public static StoreIndents Default { get; } = new();

    public int Yaml { get; init; } = 4;

    public int Json { get; init; } = -1;

    public int JsonBinary { get; init; } = -1;
}
