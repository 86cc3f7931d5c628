using System.Text;
using Org.BouncyCastle.Bcpg;
using Org.BouncyCastle.Bcpg.OpenPgp;
using Org.BouncyCastle.Security;
using SopsNet.Keys;

namespace SopsNet.Pgp;

/// <summary>The <c>enc</c> of a sops PGP key, in process with BouncyCastle: an armored message holding one literal data packet.</summary>
internal static class OpenPgpMessage
{
    /// <summary>
    /// Encrypts <paramref name="data"/> as go-crypto does for sops: PKESK + SEIPD (MDC) + binary literal
    /// packet with an empty name and date 0; armored without a Version header and, as sops trims, with
    /// no trailing newline.
    /// </summary>
    public static string Encrypt(ReadOnlySpan<byte> data, PgpPublicKey recipient)
    {
        var output = new MemoryStream();
        using (var armor = ArmoredOutputStream.Build().ClearHeaders().Build(output))
        {
            var generator = new PgpEncryptedDataGenerator(SymmetricKeyAlgorithmTag.Aes256, withIntegrityPacket: true, new SecureRandom());
            generator.AddMethod(recipient);

            // A buffer larger than the content yields definite lengths (small partial chunks would break RFC 4880's 512-octet minimum).
            using var encrypted = generator.Open(armor, new byte[1 << 12]);
            using var literal = new PgpLiteralDataGenerator().Open(encrypted, PgpLiteralData.Binary, "", data.Length, DateTime.UnixEpoch);
            literal.Write(data);
        }

        return Encoding.ASCII.GetString(output.ToArray()).Trim();
    }

    /// <summary>
    /// Decrypts with the first unprotected secret key the message is addressed to. Throws
    /// <see cref="KeyUnwrapException"/> naming <paramref name="fp"/> when the message is malformed or no
    /// usable key is held in process (protected and smartcard-stub keys are left to gpg).
    /// </summary>
    public static byte[] Decrypt(string armored, PgpKeyStore keys, string fp)
    {
        var recipients = Parse(armored, fp);
        var notes = new List<string>();
        foreach (var data in recipients)
        {
            foreach (var secret in keys.SecretKeys(data.KeyId))
            {
                var id = secret.KeyId.ToString("X16");
                if (secret.IsPrivateKeyEmpty)
                {
                    notes.Add($"secret key {id} is a stub (smartcard or offline primary)");
                    continue;
                }

                if (secret.KeyEncryptionAlgorithm != SymmetricKeyAlgorithmTag.Null)
                {
                    notes.Add($"secret key {id} is passphrase-protected");
                    continue;
                }

                if (TryDecrypt(data, secret, fp) is { } plain)
                {
                    return plain;
                }

                if (data.KeyId != 0)
                {
                    notes.Add($"secret key {id} could not decrypt the session key");
                }
            }
        }

        var ids = string.Join(", ", recipients.Select(r => r.KeyId == 0 ? "hidden" : r.KeyId.ToString("X16")));
        var problems = keys.Problems.Count > 0 ? $" ({string.Join("; ", keys.Problems)})" : "";
        throw new KeyUnwrapException(notes.Count > 0
            ? $"cannot use the secret key for {fp} in process: {string.Join(", ", notes)}{problems}"
            : $"no secret key for {fp} in process: the message is for key {ids}, which none of {keys.SecretRings.Count} secret key rings holds{problems}");
    }

    private static List<PgpPublicKeyEncryptedData> Parse(string armored, string fp)
    {
        if (!armored.TrimStart().StartsWith("-----BEGIN PGP MESSAGE-----", StringComparison.Ordinal))
        {
            // sops always armors enc; anything else is damage, not a binary message to guess at.
            throw new KeyUnwrapException($"the enc of {fp} is not a valid pgp message: no pgp message armor");
        }

        try
        {
            // Decode the whole armor first so a bad checksum or truncation is caught before any key is used.
            using var armor = new ArmoredInputStream(new MemoryStream(Encoding.ASCII.GetBytes(armored.Trim() + "\n")));
            var packets = new MemoryStream();
            armor.CopyTo(packets);
            var factory = new PgpObjectFactory(packets.ToArray());
            var first = factory.NextPgpObject();
            while (first is PgpMarker)
            {
                first = factory.NextPgpObject();
            }

            var list = first as PgpEncryptedDataList
                ?? throw new KeyUnwrapException($"the enc of {fp} is not a valid pgp message: it holds no encrypted data");
            var recipients = list.GetEncryptedDataObjects().OfType<PgpPublicKeyEncryptedData>().ToList();
            return recipients.Count > 0 ? recipients
                : throw new KeyUnwrapException($"the enc of {fp} is not encrypted to any public key");
        }
        catch (Exception e) when (e is IOException or PgpException or ArgumentException or InvalidOperationException)
        {
            throw new KeyUnwrapException($"the enc of {fp} is not a valid pgp message: {Reason(e)}", e);
        }
    }

    private static byte[]? TryDecrypt(PgpPublicKeyEncryptedData data, PgpSecretKey secret, string fp)
    {
        Stream clear;
        try
        {
            clear = data.GetDataStream(secret.ExtractPrivateKey([]));
        }
        catch (Exception e) when (e is PgpException or InvalidCastException or ArgumentException or InvalidOperationException)
        {
            // Not the key for this session key (a hidden recipient is tried with every key, of any
            // algorithm: BouncyCastle then fails with a cast error), or a damaged one: try the next key.
            return null;
        }

        try
        {
            // Like go-crypto and gpg 2.2.8+, refuse messages without MDC: they can be tampered with.
            if (!data.IsIntegrityProtected())
            {
                throw new KeyUnwrapException($"the enc of {fp} is not integrity protected (no mdc)");
            }

            var content = ReadLiteral(new PgpObjectFactory(clear))
                ?? throw new KeyUnwrapException($"the enc of {fp} holds no literal data");
            if (!data.Verify())
            {
                throw new KeyUnwrapException($"the enc of {fp} failed its integrity check (mdc)");
            }

            // sops: an empty result is a failure (old GnuPG silently drops packets it cannot read).
            return content.Length > 0 ? content : throw new KeyUnwrapException($"the enc of {fp} decrypted to nothing");
        }
        catch (Exception e) when (e is IOException or PgpException)
        {
            throw new KeyUnwrapException($"the enc of {fp} is corrupted: {Reason(e)}", e);
        }
    }

    private static string Reason(Exception e) => e.Message.Trim().TrimEnd('.').ToLowerInvariant();

    /// <summary>The literal content, through any compression layers; the rest (e.g. signatures) is read and ignored.</summary>
    private static byte[]? ReadLiteral(PgpObjectFactory factory)
    {
        byte[]? content = null;
        while (factory.NextPgpObject() is { } packet)
        {
            switch (packet)
            {
                case PgpCompressedData compressed:
                    content ??= ReadLiteral(new PgpObjectFactory(compressed.GetDataStream()));
                    break;
                case PgpLiteralData literal when content is null:
                    var buffer = new MemoryStream();
                    literal.GetInputStream().CopyTo(buffer);
                    content = buffer.ToArray();
                    break;
            }
        }

        return content;
    }
}
