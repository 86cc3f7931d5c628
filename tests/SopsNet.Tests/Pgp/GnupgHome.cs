using System.Text;
using SopsNet.Pgp;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Pgp;

/// <summary>
/// A throwaway GnuPG home for one test class: keys made by the real gpg, never the user's keyring.
/// Disposing stops its gpg-agent and deletes it.
/// </summary>
public sealed class GnupgHome : IDisposable
{
    private readonly TempDir dir = new();

    public string Path => dir.Path;

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["GNUPGHOME"] = Path };

    public string File(string name) => dir.File(name);

    /// <summary>Runs gpg in this home; fails the test with gpg's stderr on a non-zero exit.</summary>
    public byte[] Gpg(byte[]? stdin, params string[] args)
    {
        var result = External.Run("gpg", ["--batch", "--quiet", .. args], stdin, Environment);
        return result.ExitCode == 0 ? result.Stdout
            : throw new InvalidOperationException($"gpg {string.Join(' ', args)} failed ({result.ExitCode}): {result.Stderr}");
    }

    public External.Result TryGpg(byte[]? stdin, params string[] args) => External.Run("gpg", ["--batch", "--quiet", .. args], stdin, Environment);

    public void Import(string file) => Gpg(null, "--import", file);

    /// <summary>An RSA-2048 primary (sign, certify) with an RSA-2048 encryption subkey, as most real keys are. Returns (primary fp, subkey fp).</summary>
    public (string Primary, string Subkey) GenerateRsa(string email)
    {
        Gpg(null, "--passphrase", "", "--quick-gen-key", $"Test <{email}>", "rsa2048", "default", "never");
        var primary = Fingerprints(email)[0];
        Gpg(null, "--passphrase", "", "--quick-add-key", primary, "rsa2048", "encr", "never");
        return (primary, Fingerprints(email)[1]);
    }

    /// <summary>An ed25519 primary with a cv25519 encryption subkey; passphrase-protected when one is given. Returns (primary fp, subkey fp).</summary>
    public (string Primary, string Subkey) GenerateCurve25519(string email, string passphrase = "")
    {
        Gpg(null, "--pinentry-mode", "loopback", "--passphrase", passphrase, "--quick-gen-key", $"Test <{email}>", "future-default", "default", "never");
        var fps = Fingerprints(email);
        return (fps[0], fps[1]);
    }

    /// <summary>Fingerprints of the key with this user id: primary first, then subkeys.</summary>
    public IReadOnlyList<string> Fingerprints(string email) =>
        Encoding.UTF8.GetString(Gpg(null, "--with-colons", "--list-keys", email))
            .Split('\n').Where(l => l.StartsWith("fpr:", StringComparison.Ordinal)).Select(l => l.Split(':')[9]).ToList();

    /// <summary>Exports secret keys (armored) to a file in the home, as a user would with --export-secret-keys.</summary>
    public string ExportSecret(string name, string passphrase, params string[] fps)
    {
        var file = File(name);
        System.IO.File.WriteAllBytes(file, Gpg(null, ["--pinentry-mode", "loopback", "--passphrase", passphrase, "-a", "--export-secret-keys", .. fps]));
        return file;
    }

    public string ExportPublic(string name, params string[] fps)
    {
        var file = File(name);
        System.IO.File.WriteAllBytes(file, Gpg(null, ["--export", .. fps]));
        return file;
    }

    /// <summary>Decrypts with gpg in this home (what a sops user with this keyring would do).</summary>
    public byte[] Decrypt(string armored) => Gpg(Encoding.UTF8.GetBytes(armored), "--decrypt");

    /// <summary>Encrypts with gpg to <paramref name="fp"/> with extra options (compression, armor headers...).</summary>
    public string Encrypt(byte[] data, string fp, params string[] options) =>
        Encoding.UTF8.GetString(Gpg(data, ["--trust-model", "always", "-e", "-a", "-r", fp, .. options]));

    public GpgKeyProvider GpgProvider(string executable = "gpg") => new(executable, Environment, TimeProvider.System);

    /// <summary>Keys only from these exported rings, never gpg: proves the in-process path alone.</summary>
    public static PgpKeyProvider InProcessOnly(string[] secretRings, string[]? publicRings = null) =>
        new(new PgpKeySources(null, secretRings, publicRings ?? []), null, TimeProvider.System);

    /// <summary>gpg only, in this home: proves the gpg path alone.</summary>
    public PgpKeyProvider GpgOnly() => new(null, GpgProvider(), TimeProvider.System);

    public void Dispose()
    {
        External.Run("gpgconf", ["--kill", "gpg-agent"], null, Environment);
        dir.Dispose();
    }
}
