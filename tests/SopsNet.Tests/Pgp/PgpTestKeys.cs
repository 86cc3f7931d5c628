namespace SopsNet.Tests.Pgp;

/// <summary>
/// One temporary home per test class with the keys the interop and error tests need: an RSA key and a
/// Curve25519 key without passphrase, and a passphrase-protected Curve25519 key; plus their exports.
/// Afterwards the agent is restarted (forgetting the passphrase cached at generation) and gpg is set to
/// fail instead of asking for a passphrase, so the protected key can never hang a test.
/// </summary>
public sealed class PgpTestKeys : IDisposable
{
    /// <summary>The test classes sharing one set of keys: generating RSA keys takes seconds.</summary>
    public const string Collection = "pgp test keys";

    public GnupgHome Home { get; } = new();

    public (string Primary, string Subkey) Rsa { get; }

    public (string Primary, string Subkey) Curve { get; }

    public (string Primary, string Subkey) Protected { get; }

    /// <summary>Secret keys of Rsa and Curve; and of each alone.</summary>
    public string SecretRing { get; }

    public string RsaSecretRing { get; }

    public string CurveSecretRing { get; }

    /// <summary>The protected key exported as gpg exports it: still protected by its passphrase.</summary>
    public string ProtectedSecretRing { get; }

    /// <summary>Public keys of all three (binary, as gpg --export writes).</summary>
    public string PublicRing { get; }

    public PgpTestKeys()
    {
        Rsa = Home.GenerateRsa("rsa@example");
        Curve = Home.GenerateCurve25519("curve@example");
        Protected = Home.GenerateCurve25519("protected@example", "pw");
        SecretRing = Home.ExportSecret("secret.asc", "", Rsa.Primary, Curve.Primary);
        RsaSecretRing = Home.ExportSecret("rsa-secret.asc", "", Rsa.Primary);
        CurveSecretRing = Home.ExportSecret("curve-secret.asc", "", Curve.Primary);
        ProtectedSecretRing = Home.ExportSecret("protected-secret.asc", "pw", Protected.Primary);
        PublicRing = Home.ExportPublic("public.gpg", Rsa.Primary, Curve.Primary, Protected.Primary);
        Support.External.Run("gpgconf", ["--kill", "gpg-agent"], null, Home.Environment);
        File.WriteAllText(Home.File("gpg.conf"), "pinentry-mode error\n");
    }

    public string Primary(string kind) => kind == "rsa" ? Rsa.Primary : Curve.Primary;

    public string Subkey(string kind) => kind == "rsa" ? Rsa.Subkey : Curve.Subkey;

    public void Dispose() => Home.Dispose();
}
