namespace SopsNet.Pgp;

/// <summary>
/// Where the in-process path finds OpenPGP keys. GnuPG 2.1+ keeps keys in <c>pubring.kbx</c> and
/// <c>private-keys-v1.d</c>, formats BouncyCastle cannot read, so in practice these are key rings exported
/// with <c>gpg --export-secret-keys</c> / <c>gpg --export</c> (files, or directories of them, armored or
/// binary), plus the legacy <c>secring.gpg</c>/<c>pubring.gpg</c> in the GnuPG home that sops's go-crypto
/// path reads too.
/// </summary>
/// <param name="GnupgHome">Legacy rings are read from here when they exist; null to skip.</param>
/// <param name="SecretKeyRings">Exported secret key rings; each must exist.</param>
/// <param name="PublicKeyRings">Exported public key rings; each must exist. Secret rings also count as public keys.</param>
public sealed record PgpKeySources(string? GnupgHome, IReadOnlyList<string> SecretKeyRings, IReadOnlyList<string> PublicKeyRings)
{
    /// <summary>sops's home: <c>GNUPGHOME</c>, else <c>~/.gnupg</c>.</summary>
    public static string DefaultHome(string? gnupgHomeVariable, string? home) =>
        !string.IsNullOrEmpty(gnupgHomeVariable) ? gnupgHomeVariable : Path.Combine(home ?? "", ".gnupg");

    /// <summary>Splits a list of paths as in PATH (<c>:</c> on Unix, <c>;</c> on Windows); null or empty gives none.</summary>
    public static IReadOnlyList<string> SplitPathList(string? value) =>
        value?.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? [];
}
