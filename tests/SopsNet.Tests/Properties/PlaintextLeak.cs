using System.Text.RegularExpressions;

namespace SopsNet.Tests.Properties;

/// <summary>
/// Our rule for "no plaintext of an encrypted value outside ENC[…]": after removing every envelope from the
/// encrypted file, no line of an encrypted value (at least <see cref="MinimumLength"/> characters, trimmed)
/// may remain, unless that text is also something the file shows legitimately: a key, a value the rule
/// leaves clear, a clear comment or a metadata field. Short fragments are skipped since they occur by
/// chance (in keys, base64, punctuation); the generators make secret values long and distinctive enough.
/// </summary>
public static partial class PlaintextLeak
{
    public const int MinimumLength = 4;

    [GeneratedRegex(@"ENC\[AES256_GCM,[^\]]*\]")]
    private static partial Regex Envelope();

    /// <summary>The first leaked fragment, or null.</summary>
    public static string? Find(string output, IEnumerable<string> secrets, IReadOnlyList<string> clear)
    {
        var visible = Envelope().Replace(output, "\u0000");
        foreach (var secret in secrets)
        {
            foreach (var line in secret.Split(['\r', '\n']))
            {
                var fragment = line.Trim();
                if (fragment.Length >= MinimumLength && visible.Contains(fragment, StringComparison.Ordinal) &&
                    !clear.Any(c => c.Contains(fragment, StringComparison.Ordinal)))
                {
                    return fragment;
                }
            }
        }

        return null;
    }
}
