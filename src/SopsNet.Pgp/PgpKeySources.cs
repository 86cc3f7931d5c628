namespace SopsNet.Pgp;

/// <summary>
/// Where the in-process path finds OpenPGP keys: the GnuPG home's public keyring (GnuPG 2.1+'s
/// <c>pubring.kbx</c>, else a legacy <c>pubring.gpg</c>) and legacy <c>secring.gpg</c>, plus key rings
/// exported with <c>gpg --export-secret-keys</c> / <c>gpg --export</c> (files, or directories of them, armored
/// or binary). GnuPG 2.1+ secret keys in <c>private-keys-v1.d</c> are gpg-agent's, in its own protected
/// format, so without an exported secret ring decrypting is left to gpg.
/// </summary>
/// <param name="GnupgHome">The home's key rings are read from here when they exist; null to skip.</param>
/// <param name="SecretKeyRings">Exported secret key rings; each must exist.</param>
/// <param name="PublicKeyRings">Exported public key rings (a keybox works too); each must exist. Secret rings also count as public keys.</param>
public sealed record PgpKeySources(string? GnupgHome, IReadOnlyList<string> SecretKeyRings, IReadOnlyList<string> PublicKeyRings)
{
    /// <summary>sops's home: <c>GNUPGHOME</c>, else <c>~/.gnupg</c>.</summary>
    public static string DefaultHome(string? gnupgHomeVariable, string? home) =>
        !string.IsNullOrEmpty(gnupgHomeVariable) ? gnupgHomeVariable : Path.Combine(home ?? "", ".gnupg");

    /// <summary>Splits a list of paths as in PATH (<c>:</c> on Unix, <c>;</c> on Windows); null or empty gives none.</summary>
    public static IReadOnlyList<string> SplitPathList(string? value) =>
        value?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
