using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;

namespace SopsNet.Pgp;

/// <summary>
/// The OpenPGP keys the in-process path can use, read once from <see cref="PgpKeySources"/>. Files it
/// cannot read are remembered as problems (path and reason only) and reported when no key is found,
/// since gpg may still have the key.
/// </summary>
internal sealed class PgpKeyStore
{
    private PgpKeyStore(IReadOnlyList<PgpSecretKeyRing> secretRings, IReadOnlyList<IReadOnlyList<PgpPublicKey>> publicRings, IReadOnlyList<string> problems)
    {
        SecretRings = secretRings;
        PublicRings = publicRings;
        Problems = problems;
    }

    public IReadOnlyList<PgpSecretKeyRing> SecretRings { get; }

    /// <summary>The keys of each public ring, and the public halves of the secret rings.</summary>
    public IReadOnlyList<IReadOnlyList<PgpPublicKey>> PublicRings { get; }

    public IReadOnlyList<string> Problems { get; }

    /// <summary>False when nothing was configured or found (a plain GnuPG 2.1+ setup): then only gpg has anything to say.</summary>
    public bool HasAnything => SecretRings.Count > 0 || PublicRings.Count > 0 || Problems.Count > 0;

    public static PgpKeyStore Load(PgpKeySources sources)
    {
        var secret = new List<PgpSecretKeyRing>();
        var publicRings = new List<IReadOnlyList<PgpPublicKey>>();
        var problems = new List<string>();
        var files = new List<string>();
        foreach (var path in sources.SecretKeyRings.Concat(sources.PublicKeyRings))
        {
            if (Directory.Exists(path))
            {
                try
                {
                    files.AddRange(Directory.GetFiles(path).Order(StringComparer.Ordinal));
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    problems.Add($"cannot list {path}: {e.Message.ToLowerInvariant()}");
                }
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                problems.Add($"{path} does not exist");
            }
        }

        if (sources.GnupgHome is { } home)
        {
            // Only GnuPG 1.x and 2.0 homes have these; in 2.1+ homes their absence is normal.
            files.AddRange(new[] { "secring.gpg", "pubring.gpg" }.Select(f => Path.Combine(home, f)).Where(File.Exists));
        }

        foreach (var file in files)
        {
            try
            {
                foreach (var ring in ReadRings(File.ReadAllBytes(file)))
                {
                    if (ring is PgpSecretKeyRing s)
                    {
                        secret.Add(s);
                        publicRings.Add([.. s.GetPublicKeys()]);
                    }
                    else if (ring is PgpPublicKeyRing p)
                    {
                        publicRings.Add([.. p.GetPublicKeys()]);
                    }
                }
            }
            catch (Exception e) when (e is IOException or PgpException or UnauthorizedAccessException)
            {
                problems.Add($"cannot read {file}: {e.Message.ToLowerInvariant()}");
            }
        }

        return new PgpKeyStore(secret, publicRings, problems);
    }

    /// <summary>Secret keys whose key id is <paramref name="keyId"/>; every decryption-capable key for 0 (a hidden recipient).</summary>
    public IEnumerable<PgpSecretKey> SecretKeys(long keyId) =>
        SecretRings.SelectMany(r => r.GetSecretKeys()).Where(k => keyId == 0 ? k.PublicKey.IsEncryptionKey : k.KeyId == keyId);

    /// <summary>
    /// The key gpg would encrypt to for <paramref name="fp"/>: with <c>!</c> exactly that (sub)key; otherwise
    /// the newest valid encryption-capable key of the ring any of whose keys matches. Null when none.
    /// Self-signatures are not verified: the rings are the user's own exports, as gpg's keyring is trusted.
    /// </summary>
    public PgpPublicKey? EncryptionKey(PgpFingerprint fp, DateTimeOffset now)
    {
        foreach (var keys in PublicRings)
        {
            if (!keys.Any(fp.Matches))
            {
                continue;
            }

            var candidates = fp.Exact ? keys.Where(fp.Matches) : keys;
            var best = candidates.Where(k => CanEncrypt(k, now)).OrderByDescending(k => k.CreationTime).FirstOrDefault();
            if (best is not null)
            {
                return best;
            }
        }

        return null;
    }

    private static bool CanEncrypt(PgpPublicKey key, DateTimeOffset now)
    {
        if (!key.IsEncryptionKey || key.HasRevocation())
        {
            return false;
        }

        var validSeconds = key.GetValidSeconds();
        if (validSeconds > 0 && new DateTimeOffset(key.CreationTime, TimeSpan.Zero).AddSeconds(validSeconds) <= now)
        {
            return false;
        }

        // Key flags decide when present (an RSA sign-only primary is algorithmically an encryption key).
        var flags = key.GetSignatures()
            .Select(s => s.GetHashedSubPackets())
            .Where(p => p is not null && p.HasSubpacket(SignatureSubpacketTag.KeyFlags))
            .Select(p => p.GetKeyFlags())
            .ToList();
        return flags.Count == 0 || flags.Any(f => (f & (PgpKeyFlags.CanEncryptCommunications | PgpKeyFlags.CanEncryptStorage)) != 0);
    }

    /// <summary>Every key ring in a file: binary, or one or more ASCII-armored blocks (gpg's exports of several keys).</summary>
    private static IEnumerable<PgpObject> ReadRings(byte[] content)
    {
        var text = Encoding.ASCII.GetString(content);
        var blocks = new List<byte[]>();
        if (text.Contains("-----BEGIN PGP ", StringComparison.Ordinal))
        {
            var parts = text.Split("-----BEGIN PGP ", StringSplitOptions.None).Skip(1);
            foreach (var part in parts)
            {
                using var armor = new ArmoredInputStream(new MemoryStream(Encoding.ASCII.GetBytes("-----BEGIN PGP " + part)));
                var decoded = new MemoryStream();
                armor.CopyTo(decoded);
                blocks.Add(decoded.ToArray());
            }
        }
        else
        {
            blocks.Add(content);
        }

        var rings = new List<PgpObject>();
        foreach (var block in blocks)
        {
            var factory = new PgpObjectFactory(block);
            while (factory.NextPgpObject() is { } o)
            {
                rings.Add(o);
            }
        }

        return rings;
    }
}
