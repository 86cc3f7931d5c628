using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Engine;

/// <summary>When a value read back from an output counts as the value that was written (see <see cref="OutputVerifier"/>).</summary>
internal static class ScalarComparison
{
    /// <summary>
    /// A value matches when it has the same kind and the same text or canonical text (the spelling sops
    /// hashes: a decrypted <c>True</c> that a store writes as <c>true</c>, a float <c>1.0</c> written as
    /// <c>1</c>), and the same raw bytes. Without <paramref name="compareKinds"/> (a format conversion, or
    /// metadata that a flat store reads back as strings) the kind may differ: a bool read back as the
    /// string <c>true</c> matches, a null matches an empty string, and a value matches the string the
    /// dotenv and INI stores spell it as (sops's ValToString: a float <c>1</c> as <c>1.0</c>).
    /// </summary>
    public static bool Same(Scalar expected, Scalar actual, bool compareKinds)
    {
        if (!(expected.Raw ?? []).AsSpan().SequenceEqual(actual.Raw ?? []))
        {
            return false;
        }

        if (expected.Kind == actual.Kind)
        {
            return expected.Text == actual.Text || CanonicalText(expected) == CanonicalText(actual);
        }

        return !compareKinds &&
               (expected.Text == actual.Text ||
                (expected.Kind == ScalarKind.Null && actual.Text.Length == 0) ||
                (actual.Kind == ScalarKind.Null && expected.Text.Length == 0) ||
                (actual.Kind == ScalarKind.String && actual.Text == GoPrint.ValToString(expected)) ||
                string.Equals(CanonicalText(expected), CanonicalText(actual), StringComparison.OrdinalIgnoreCase));
    }

    private static string CanonicalText(Scalar scalar)
    {
        try
        {
            return Canonical.Text(scalar);
        }
        catch (FormatException)
        {
            return scalar.Text;
        }
    }
}
