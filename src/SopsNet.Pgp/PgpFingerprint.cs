using Org.BouncyCastle.Bcpg.OpenPgp;

namespace SopsNet.Pgp;

/// <summary>
/// A sops <c>fp</c>: hex with spaces removed, usually the 40-digit v4 fingerprint; a trailing <c>!</c>
/// forces gpg to use exactly that (sub)key instead of choosing an encryption subkey.
/// </summary>
internal sealed record PgpFingerprint(string Hex, bool Exact)
{
    public static PgpFingerprint Parse(string text)
    {
        var compact = text.Replace(" ", "", StringComparison.Ordinal).Trim();
        var exact = compact.EndsWith('!');
        return new PgpFingerprint(compact.TrimEnd('!').ToUpperInvariant(), exact);
    }

    /// <summary>
    /// True when <paramref name="key"/> is the key this names: its full fingerprint, or (as gpg accepts
    /// short forms) its 16- or 8-digit key id, which are fingerprint suffixes for v4 keys.
    /// </summary>
    public bool Matches(PgpPublicKey key) =>
        Hex.Length >= 8 && Hex.Length % 2 == 0 && OfKey(key).EndsWith(Hex, StringComparison.Ordinal);

    public static string OfKey(PgpPublicKey key) => Convert.ToHexString(key.GetFingerprint());
}
