namespace SopsNet.Age;

/// <summary>Plugin names as the age plugin spec defines them: Bech32 HRP <c>age1name</c> / <c>AGE-PLUGIN-NAME-</c>.</summary>
internal static class AgePluginName
{
    /// <summary>The lower-case plugin name of an <c>age1NAME1…</c> recipient, or null when it is not one.</summary>
    public static string? OfRecipient(string recipient) =>
        Bech32.Decode(recipient) is { Hrp: var hrp } && hrp.StartsWith("age1", StringComparison.Ordinal) && IsValid(hrp[4..])
            ? hrp[4..]
            : null;

    /// <summary>The lower-case plugin name of an <c>AGE-PLUGIN-NAME-1…</c> identity, or null when it is not one.</summary>
    public static string? OfIdentity(string identity)
    {
        if (Bech32.Decode(identity) is not { Hrp: var hrp } || !hrp.StartsWith("AGE-PLUGIN-", StringComparison.Ordinal) || !hrp.EndsWith('-'))
        {
            return null;
        }

        var name = hrp["AGE-PLUGIN-".Length..^1].ToLowerInvariant();
        return IsValid(name) ? name : null;
    }

    /// <summary>NAME = 1*(ALPHA / DIGIT / "-" / "_" / "." / "+"): never a path separator.</summary>
    private static bool IsValid(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' or '+');
}
