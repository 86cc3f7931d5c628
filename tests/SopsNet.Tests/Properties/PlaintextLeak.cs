using System.Text.RegularExpressions;

namespace SopsNet.Tests.Properties;

/// <summary>
/// Our rule for "no plaintext of an encrypted value outside ENC[…]": after removing every envelope from the
/// encrypted file, no line of an encrypted value (at least <see cref="MinimumLength"/> characters, trimmed)
/// may remain. A line the file may show legitimately is ambiguous and skipped: one inside a key, a value or
/// comment the rule leaves clear or a metadata field, or one the plaintext input holds more often than its
/// encrypted values do (e.g. as part of the syntax). Short fragments are skipped since they occur by chance
/// (base64, punctuation).
/// The CLI's own output check (OutputVerifier's PlaintextLeakDetector) applies a rule of the same kind but
/// without the plaintext input, so it cannot tell a secret from the same text shown in clear in another
/// spelling (an escape in a clear TOML string) or as text the parser ignores (after a one-line INI
/// backtick value) and refuses such files; this oracle has the input and raises no false alarm there.
/// </summary>
public static partial class PlaintextLeak
{
    public const int MinimumLength = 4;

    private static readonly char[] Syntax = ['"', '\'', '`', ',', ':', ';', '#', '=', '[', ']', '{', '}', '\\'];

    [GeneratedRegex(@"ENC\[AES256_GCM,[^\]]*\]")]
    private static partial Regex Envelope();

    /// <summary>The first leaked fragment, or null.</summary>
    public static string? Find(string input, string output, IReadOnlyList<string> secrets, IReadOnlyList<string> clear)
    {
        var visible = Envelope().Replace(output, "\u0000");
        // Quotes and punctuation at either end are skipped too: the syntax around a clear value could make them.
        foreach (var fragment in secrets.SelectMany(s => s.Split(['\r', '\n'])).Select(l => l.Trim().Trim(Syntax).Trim()).Distinct())
        {
            if (fragment.Length >= MinimumLength && visible.Contains(fragment, StringComparison.Ordinal) &&
                Count(input, fragment) <= secrets.Sum(s => Count(s, fragment)) &&
                !clear.Any(m => m.Contains(fragment, StringComparison.Ordinal)))
            {
                return fragment;
            }
        }

        return null;
    }

    private static int Count(string text, string fragment)
    {
        var n = 0;
        for (var i = text.IndexOf(fragment, StringComparison.Ordinal); i >= 0; i = text.IndexOf(fragment, i + 1, StringComparison.Ordinal))
        {
            n++;
        }

        return n;
    }
}
