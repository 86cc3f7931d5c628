using SopsNet.Keys;

namespace SopsNet.Files;

/// <summary>Settings for <see cref="SopsFile"/>; the defaults do what the sops command line does.</summary>
public sealed record SopsFileOptions
{
    /// <summary>Where keys and <c>.sops.yaml</c> are looked for (default: the process's environment and working directory).</summary>
    public KeyEnvironment? Environment { get; init; }

    /// <summary>The keys to use instead of discovering them from <see cref="Environment"/>.</summary>
    public KeyRing? KeyRing { get; init; }

    /// <summary>yaml, json, dotenv, ini, toml or binary; by default from the file name, as sops.</summary>
    public string? Format { get; init; }

    /// <summary>The <c>.sops.yaml</c> to use for encrypting (default: SOPS_CONFIG, else found from the working directory up).</summary>
    public string? ConfigPath { get; init; }

    /// <summary>Age recipients to encrypt for; when given, they replace the creation rule's keys (as <c>--age</c>).</summary>
    public IReadOnlyList<string> AgeRecipients { get; init; } = [];

    /// <summary>Decrypt even when the MAC does not match (sops's --ignore-mac). Never for configuration.</summary>
    public bool IgnoreMac { get; init; }
}
