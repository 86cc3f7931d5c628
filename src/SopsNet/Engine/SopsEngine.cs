using System.Collections.Immutable;
using System.Text;
using SopsNet.Crypto;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Engine;

/// <summary>
/// Encrypts and decrypts whole files: data key, master keys, values, MAC and metadata. Clock and
/// randomness come in as parameters; reading and writing bytes is the stores' and the caller's job.
/// </summary>
public sealed class SopsEngine(KeyRing keyRing, RandomSource random, TimeProvider clock)
{
    public async Task<(ImmutableArray<Mapping> Documents, SopsMetadata Metadata)> EncryptAsync(
        ImmutableArray<Mapping> documents, EncryptionSettings settings, CancellationToken cancellationToken)
    {
        var (metadata, dataKey) = await NewDataKeyAsync(settings, cancellationToken).ConfigureAwait(false);
        return Encrypt(documents, metadata, dataKey, ivStash: null);
    }

    /// <summary>
    /// A fresh data key wrapped for the settings' key groups, with the metadata to encrypt under it. The
    /// key is handed out so that a write can check its own output (see <see cref="OutputVerifier"/>).
    /// </summary>
    public async Task<(SopsMetadata Metadata, byte[] DataKey)> NewDataKeyAsync(EncryptionSettings settings, CancellationToken cancellationToken)
    {
        var dataKey = new byte[32];
        random(dataKey);
        var groups = await keyRing.WrapAsync(settings.KeyGroups, dataKey, settings.ShamirThreshold, cancellationToken).ConfigureAwait(false);
        var metadata = new SopsMetadata
        {
            LastModified = "",
            Rule = settings.Rule,
            WriteRule = settings.WriteRule,
            MacOnlyEncrypted = settings.MacOnlyEncrypted,
            ShamirThreshold = settings.ShamirThreshold,
            KeyGroups = groups,
        };
        return (metadata, dataKey);
    }

    /// <summary>
    /// Encrypts with a known data key and metadata (re-encrypting after an edit), reusing the IVs of values
    /// that did not change so their ciphertext stays byte-identical.
    /// </summary>
    public (ImmutableArray<Mapping> Documents, SopsMetadata Metadata) Encrypt(
        ImmutableArray<Mapping> documents, SopsMetadata metadata, byte[] dataKey,
        IReadOnlyDictionary<(string Aad, string Type, string Plaintext), byte[]>? ivStash)
    {
        using var encryptor = NewEncryptor(metadata, dataKey, ivStash);
        var (encrypted, mac) = encryptor.Encrypt(documents);
        return (encrypted, Seal(metadata, dataKey, mac));
    }

    /// <summary>An encryptor for pieces of a file given in order (see <see cref="TreeEncryptor.Encrypt(Mapping)"/>), with this engine's randomness.</summary>
    internal TreeEncryptor NewEncryptor(SopsMetadata metadata, byte[] dataKey, IReadOnlyDictionary<(string Aad, string Type, string Plaintext), byte[]>? ivStash) =>
        new(dataKey, metadata.Rule, metadata.MacOnlyEncrypted, random) { IvStash = ivStash };

    /// <summary>The metadata of a file just encrypted: now as lastmodified, the MAC of its values sealed under it.</summary>
    internal SopsMetadata Seal(SopsMetadata metadata, byte[] dataKey, string mac)
    {
        var lastModified = GoTime.FromUtc(clock.GetUtcNow()).ToString();
        return metadata with
        {
            LastModified = lastModified,
            Mac = Mac.Seal(mac, dataKey, lastModified, random),
            Version = SopsMetadata.FormatVersion,
        };
    }

    /// <summary>
    /// A new data key for an existing file (rotation: every value will be re-encrypted, every key re-wrapped)
    /// for the key groups given, keeping its rules. Removing a recipient calls for this: a removed recipient
    /// may have kept the old data key.
    /// </summary>
    public Task<(SopsMetadata Metadata, byte[] DataKey)> NewDataKeyAsync(
        SopsMetadata current, ImmutableArray<ImmutableArray<MasterKey>> groups, CancellationToken cancellationToken) =>
        NewDataKeyAsync(new EncryptionSettings(groups)
        {
            Rule = current.Rule,
            WriteRule = current.WriteRule,
            MacOnlyEncrypted = current.MacOnlyEncrypted,
            ShamirThreshold = current.ShamirThreshold,
        }, cancellationToken);

    /// <summary>
    /// Sets the file's key groups keeping its data key (sops's updatekeys): entries that already hold the key
    /// keep their <c>enc</c>, new ones get it wrapped. Values, lastmodified and mac are untouched, so the
    /// diff shows only the key stanzas.
    /// </summary>
    public async Task<SopsMetadata> RewrapAsync(
        SopsMetadata metadata, byte[] dataKey, ImmutableArray<ImmutableArray<MasterKey>> groups, CancellationToken cancellationToken)
    {
        var fresh = groups.SelectMany(g => g).Where(k => k.Enc.Length == 0).ToImmutableArray();
        if (groups.Length > 1 && !fresh.IsEmpty)
        {
            // Wrapping the whole data key for a new key would let it open the file alone, bypassing the
            // shamir threshold; a new key in a key group needs a new data key split afresh (rotate).
            throw new SopsException(SopsError.Generic, "keys cannot be added to a file with several key groups without a new data key; rotate it instead");
        }

        var wrapped = fresh.IsEmpty ? [] : (await keyRing.WrapAsync([fresh], dataKey, cancellationToken).ConfigureAwait(false))[0];
        var byIdentity = wrapped.ToDictionary(KeyIdentity.Of);
        return metadata with
        {
            KeyGroups = groups.Select(g => g.Select(k => k.Enc.Length == 0 ? byIdentity[KeyIdentity.Of(k)] : k).ToImmutableArray()).ToImmutableArray(),
        };
    }

    /// <summary>
    /// The same data key split afresh for <paramref name="groups"/>, any <paramref name="shamirThreshold"/> of
    /// them recovering it (0 = every group), as sops's updatekeys does (sops.go UpdateMasterKeysWithKeyServices):
    /// every stanza is wrapped anew, because each group's share changes (and a file going down to one group
    /// needs the whole key where its stanzas held shares). Values, lastmodified and mac stay.
    /// </summary>
    public async Task<SopsMetadata> ResplitAsync(
        SopsMetadata metadata, byte[] dataKey, ImmutableArray<ImmutableArray<MasterKey>> groups, int shamirThreshold, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(metadata);

        // sops records the threshold it split with: every group when none was given.
        var threshold = groups.Length > 1 && shamirThreshold == 0 ? groups.Length : shamirThreshold;
        var wrapped = await keyRing.WrapAsync(groups, dataKey, threshold, cancellationToken).ConfigureAwait(false);
        return metadata with { KeyGroups = wrapped, ShamirThreshold = threshold };
    }

    public async Task<DecryptedFile> DecryptAsync(
        ImmutableArray<Mapping> documents, SopsMetadata metadata, bool ignoreMac, CancellationToken cancellationToken)
    {
        var dataKey = await keyRing.UnwrapAsync(metadata, cancellationToken).ConfigureAwait(false);
        return Decrypt(documents, metadata, dataKey, ignoreMac);
    }

    public static DecryptedFile Decrypt(ImmutableArray<Mapping> documents, SopsMetadata metadata, byte[] dataKey, bool ignoreMac)
    {
        using var decryptor = new TreeDecryptor(dataKey, metadata.Rule, metadata.MacOnlyEncrypted);
        var (plain, mac) = decryptor.Decrypt(documents);
        if (!ignoreMac)
        {
            VerifyMac(metadata, dataKey, mac);
        }

        return new DecryptedFile(plain, metadata, dataKey, decryptor.IvStash)
        {
            UndecryptableComments = decryptor.UndecryptableComments,
        };
    }

    internal static void VerifyMac(SopsMetadata metadata, byte[] dataKey, string computed)
    {
        if (string.IsNullOrEmpty(metadata.Mac))
        {
            throw new SopsException(SopsError.MacMismatch, "the file has no mac; decrypt with --ignore-mac to skip the integrity check");
        }

        // The AAD is lastmodified re-formatted as RFC 3339 with whole seconds, as sops does after parsing it.
        GoTime.TryParseRfc3339(metadata.LastModified, out var time);
        var aad = (time with { Nanosecond = 0 }).ToString();
        string stored;
        try
        {
            stored = EncryptedValue.TryParse(metadata.Mac, out var envelope)
                ? Encoding.UTF8.GetString(ValueCipher.Decrypt(envelope, dataKey, aad))
                : throw new CryptographicFailure("malformed");
        }
        catch (CryptographicFailure)
        {
            throw new SopsException(SopsError.MacMismatch,
                "the mac cannot be decrypted: the file's lastmodified or mac was changed");
        }

        if (!string.Equals(stored, computed, StringComparison.Ordinal))
        {
            throw new SopsException(SopsError.MacMismatch,
                "mac mismatch: the file was changed after it was encrypted (values added, removed or reordered)");
        }
    }
}
