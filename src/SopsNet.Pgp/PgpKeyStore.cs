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
    private PgpKeyStore(IReadOnlyList<PgpSecretKeyRing> secretRings, IReadOnlyList<IReadOnlyList<PgpPublicKey>> publicRings, IReadOnlyList<string> problems, bool hasSecretKeySources)
    {
        SecretRings = secretRings;
        PublicRings = publicRings;
        Problems = problems;
        HasSecretKeySources = hasSecretKeySources;
    }

    public IReadOnlyList<PgpSecretKeyRing> SecretRings { get; }

    /// <summary>The keys of each public ring, and the public halves of the secret rings.</summary>
    public IReadOnlyList<IReadOnlyList<PgpPublicKey>> PublicRings { get; }

    public IReadOnlyList<string> Problems { get; }

    /// <summary>
    /// False when no secret key ring was configured or found (a plain GnuPG 2.1+ home, whose pubring.kbx
    /// holds public keys only): then decrypting is for gpg alone, and only gpg has anything to say.
    /// </summary>
    public bool HasSecretKeySources { get; }

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
            // GnuPG 2.1+ keeps public keys in pubring.kbx; gpg reads a pubring.gpg only when there is no
            // keybox (g10/keydb.c), since one left behind by an older gpg is stale, so we do too.
            // secring.gpg exists only in GnuPG 1.x and 2.0 homes; in 2.1+ homes its absence is normal.
            var keybox = Path.Combine(home, "pubring.kbx");
            var names = File.Exists(keybox) ? new[] { "secring.gpg", "pubring.kbx" } : ["secring.gpg", "pubring.gpg"];
            files.AddRange(names.Select(f => Path.Combine(home, f)).Where(File.Exists));
        }

        foreach (var file in files)
        {
            try
            {
                var content = File.ReadAllBytes(file);
                if (Keybox.IsKeybox(content) || Path.GetExtension(file) == ".kbx")
                {
                    publicRings.AddRange(ReadKeybox(file, content, problems));
                    continue;
                }

                foreach (var ring in ReadRings(content))
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
            catch (Exception e) when (e is UnauthorizedAccessException || IsMalformedKey(e))
            {
                problems.Add($"cannot read {file}: {e.Message.ToLowerInvariant()}");
            }
        }

        return new PgpKeyStore(secret, publicRings, problems, secret.Count > 0 || sources.SecretKeyRings.Count > 0);
    }

    /// <summary>Secret keys whose key id is <paramref name="keyId"/>; every decryption-capable key for 0 (a hidden recipient).</summary>
    public IEnumerable<PgpSecretKey> SecretKeys(long keyId) =>
        SecretRings.SelectMany(r => r.GetSecretKeys()).Where(k => keyId == 0 ? k.PublicKey.IsEncryptionKey : k.KeyId == keyId);

    /// <summary>
    /// The key gpg would encrypt to for <paramref name="fp"/>: with <c>!</c> exactly that (sub)key; otherwise
    /// the newest valid encryption-capable key of the ring any of whose keys matches. Null when none, and
    /// when the ring's primary key is revoked or expired, since gpg then refuses every subkey ("unusable
    /// public key"). Self-signatures are not verified: the rings are the user's own keyring and exports,
    /// which gpg checked on import.
    /// </summary>
    public PgpPublicKey? EncryptionKey(PgpFingerprint fp, DateTimeOffset now)
    {
        foreach (var keys in PublicRings)
        {
            if (!keys.Any(fp.Matches) || keys.FirstOrDefault(k => k.IsMasterKey) is not { } primary || !IsValid(primary, now))
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

    private static bool IsValid(PgpPublicKey key, DateTimeOffset now)
    {
        var validSeconds = key.GetValidSeconds();
        return !key.HasRevocation() && (validSeconds <= 0 || new DateTimeOffset(key.CreationTime, TimeSpan.Zero).AddSeconds(validSeconds) > now);
    }

    private static bool CanEncrypt(PgpPublicKey key, DateTimeOffset now)
    {
        if (!key.IsEncryptionKey || !IsValid(key, now))
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

    /// <summary>
    /// The public keys of each OpenPGP blob of a keybox; a blob whose keyblock BouncyCastle cannot read is
    /// skipped with a problem, so one damaged key does not hide the others.
    /// </summary>
    private static List<IReadOnlyList<PgpPublicKey>> ReadKeybox(string file, byte[] content, List<string> problems)
    {
        var rings = new List<IReadOnlyList<PgpPublicKey>>();
        if (!Keybox.IsKeybox(content))
        {
            // An empty file is what an interrupted first gpg run can leave: no keys, nothing to report.
            if (content.Length > 0)
            {
                problems.Add($"cannot read {file}: not a gnupg keybox (no kbxf header)");
            }

            return rings;
        }

        var (keyblocks, damage) = Keybox.Read(content);
        problems.AddRange(damage.Select(d => $"cannot read all of {file}: {d}"));
        foreach (var (offset, keyblock) in keyblocks)
        {
            try
            {
                rings.Add([.. new PgpPublicKeyRing(keyblock).GetPublicKeys()]);
            }
            catch (Exception e) when (IsMalformedKey(e))
            {
                problems.Add($"cannot read the key in {file} at offset {offset}: {e.Message.ToLowerInvariant()}");
            }
        }

        return rings;
    }

    /// <summary>
    /// What BouncyCastle throws for bytes that do not make a key: 25,000 randomly damaged keyboxes met
    /// only these (an unknown packet version is not an IOException there).
    /// </summary>
    private static bool IsMalformedKey(Exception e) => e is IOException or PgpException or UnsupportedPacketVersionException;

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
