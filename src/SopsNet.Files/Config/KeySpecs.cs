using SopsNet.Keys;

namespace SopsNet.Files.Config;

/// <summary>Master-key templates (no <c>enc</c> yet) from the strings users write in flags, env vars and <c>.sops.yaml</c>.</summary>
public static class KeySpecs
{
    public static MasterKey Age(string recipient) => MasterKey.Create("age", ("recipient", recipient.Trim()));

    /// <summary>sops removes spaces from fingerprints (people paste them grouped in fours).</summary>
    public static MasterKey Pgp(string fingerprint) => MasterKey.Create("pgp", ("fp", fingerprint.Replace(" ", "", StringComparison.Ordinal)));

    public static IEnumerable<string> SplitList(string? value) =>
        (value ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
