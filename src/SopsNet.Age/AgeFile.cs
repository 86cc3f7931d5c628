using System.Security.Cryptography;
using SopsNet.Crypto;
using System.Text;

namespace SopsNet.Age;

/// <summary>Whole-file age encryption and decryption, sized for sops data keys (held in memory).</summary>
public static class AgeFile
{
    private const int NonceSize = 16;

    /// <summary>Encrypts to every recipient; <paramref name="random"/> defaults to the system CSPRNG.</summary>
    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, IReadOnlyList<IAgeRecipient> recipients, Action<Span<byte>>? random = null)
    {
        if (recipients.Count == 0)
        {
            throw new AgeException("age: no recipients to encrypt to");
        }

        random ??= SystemRandom.Fill;
        var fileKey = new byte[AgeCrypto.FileKeySize];
        random(fileKey);
        var wrapped = recipients.Select(r => r.Wrap(fileKey, random)).ToList();
        var labels = wrapped[0].Labels.Order(StringComparer.Ordinal).ToList();
        if (wrapped.Any(w => !w.Labels.Order(StringComparer.Ordinal).SequenceEqual(labels)))
        {
            // age 1.3's rule: a post-quantum stanza next to a classic one would let a quantum attacker in
            // through the classic one, so recipients with different labels cannot share a file.
            throw new AgeException("age: these recipients cannot be mixed in one file (for example a post-quantum age1pq1… recipient with a classic one)");
        }

        var stanzas = wrapped.SelectMany(w => w.Stanzas).ToList();
        var headerBytes = AgeHeader.MarshalWithoutMac(stanzas);
        var mac = AgeHeader.ComputeMac(fileKey, headerBytes);
        var nonce = new byte[NonceSize];
        random(nonce);
        var payloadKey = AgeCrypto.Hkdf(fileKey, nonce, "payload");
        var payload = AgeStream.Encrypt(payloadKey, plaintext);

        var output = new List<byte>(headerBytes.Length + 48 + NonceSize + payload.Length);
        output.AddRange(headerBytes);
        output.AddRange(Encoding.ASCII.GetBytes(" " + AgeBase64.Encode(mac) + "\n"));
        output.AddRange(nonce);
        output.AddRange(payload);
        return output.ToArray();
    }

    /// <summary>Encrypts and armors: the text sops stores in an age key's <c>enc</c>.</summary>
    public static string EncryptArmored(ReadOnlySpan<byte> plaintext, IReadOnlyList<IAgeRecipient> recipients, Action<Span<byte>>? random = null) =>
        AgeArmor.Encode(Encrypt(plaintext, recipients, random));

    /// <summary>Decrypts armored text.</summary>
    public static byte[] Decrypt(string armored, IReadOnlyList<IAgeIdentity> identities) =>
        Decrypt(AgeArmor.Decode(armored), identities);

    /// <summary>
    /// Decrypts a binary or armored age file, trying every identity on every stanza. Throws
    /// <see cref="AgeNoIdentityMatchedException"/> when no identity fits and <see cref="AgeException"/>
    /// when the file is corrupt.
    /// </summary>
    public static byte[] Decrypt(ReadOnlySpan<byte> file, IReadOnlyList<IAgeIdentity> identities)
    {
        if (LooksArmored(file))
        {
            return Decrypt(Encoding.ASCII.GetString(file), identities);
        }

        var header = AgeHeader.Parse(file);
        if (header.Stanzas.Count == 0)
        {
            throw new AgeException("age: corrupt file: the header has no recipient stanzas");
        }

        // A passphrase-encrypted file must have exactly one stanza, otherwise anyone holding another
        // recipient's key could replace the file while keeping the passphrase "valid" (age enforces this).
        if (header.Stanzas.Count > 1 && header.Stanzas.Any(s => s.Type == "scrypt"))
        {
            throw new AgeException("age: corrupt file: an scrypt stanza must be the only stanza");
        }

        var fileKey = UnwrapFileKey(header.Stanzas, identities);
        var expectedMac = AgeHeader.ComputeMac(fileKey, header.MacedBytes);
        if (!CryptographicOperations.FixedTimeEquals(expectedMac, header.Mac))
        {
            throw new AgeException("age: corrupt file: the header mac does not match");
        }

        var rest = file[header.PayloadOffset..];
        if (rest.Length < NonceSize)
        {
            throw new AgeException("age: corrupt file: the payload nonce is truncated");
        }

        var payloadKey = AgeCrypto.Hkdf(fileKey, rest[..NonceSize], "payload");
        return AgeStream.Decrypt(payloadKey, rest[NonceSize..]);
    }

    /// <summary>
    /// Tries each identity on the whole header, native identities first (as age 1.3 does), so a plugin is
    /// only started, and an encrypted ssh key only asks for its passphrase, when no native key opens the file.
    /// </summary>
    private static byte[] UnwrapFileKey(IReadOnlyList<AgeStanza> stanzas, IReadOnlyList<IAgeIdentity> identities)
    {
        foreach (var identity in identities.OrderBy(i => i is X25519Identity or HybridIdentity or ScryptIdentity ? 0 : 1))
        {
            var fileKey = identity.Unwrap(stanzas);
            if (fileKey is null)
            {
                continue;
            }

            if (fileKey.Length != AgeCrypto.FileKeySize)
            {
                throw new AgeException("age: corrupt file: the unwrapped file key has the wrong size");
            }

            return fileKey;
        }

        throw new AgeNoIdentityMatchedException(
            stanzas.Select(s => s.Type).Distinct().ToList(),
            identities.Select(i => i.Description).ToList());
    }

    private static bool LooksArmored(ReadOnlySpan<byte> file)
    {
        var trimmed = file.TrimStart(" \t\r\n"u8);
        return trimmed.StartsWith("-----BEGIN AGE ENCRYPTED FILE-----"u8);
    }
}
