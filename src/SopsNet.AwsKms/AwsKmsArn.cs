using System.Text.RegularExpressions;

namespace SopsNet.AwsKms;

/// <summary>The ARN syntax sops accepts for KMS keys: where the region comes from, and <c>ARN+ROLE_ARN</c>.</summary>
public static partial class AwsKmsArn
{
    /// <summary>The region of a key or alias ARN (sops takes it from the ARN, never from the environment), or null.</summary>
    public static string? Region(string arn) => RegionPattern().Match(arn) is { Success: true } m ? m.Groups[1].Value : null;

    /// <summary>
    /// Splits <c>ARN+ROLE_ARN</c> as sops does, at the first <c>+arn:</c>, so an ARN that itself
    /// contains a <c>+</c> (alias names may) is not cut in two.
    /// </summary>
    public static (string Arn, string Role) Split(string spec)
    {
        var trimmed = spec.Trim();
        var at = trimmed.IndexOf("+arn:", StringComparison.Ordinal);
        return at < 0 ? (trimmed, "") : (trimmed[..at], trimmed[(at + 1)..]);
    }

    [GeneratedRegex(@"^arn:aws[\w-]*:kms:([^:]+):[0-9]+:(key|alias)/.+")]
    private static partial Regex RegionPattern();
}
