using SopsNet.Keys;

namespace SopsNet.Age;

/// <summary>The sops <c>age</c> key type: <c>recipient</c> plus <c>enc</c> = the data key as an armored age file.</summary>
public sealed class AgeKeyProvider : IKeyProvider
{
    private readonly Func<string, AgeIdentityLoadResult> load;
    private readonly bool perRecipient;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<AgeIdentityLoadResult>> cache = new(StringComparer.Ordinal);
    private readonly Action<Span<byte>>? random;
    private readonly AgeHost host;

    /// <summary>Uses exactly these identities.</summary>
    public AgeKeyProvider(IReadOnlyList<IAgeIdentity> identities, Action<Span<byte>>? random = null, AgeHost? host = null)
        : this(() => new AgeIdentityLoadResult(identities, [], []), random, host)
    {
    }

    /// <summary>
    /// Loads identities on the first unwrap only (typically <c>() => AgeIdentityLoader.Load(sources, ask)</c>),
    /// so encrypting never runs key commands or asks for passphrases. <paramref name="host"/> runs the
    /// plugins of plugin recipients.
    /// </summary>
    public AgeKeyProvider(Func<AgeIdentityLoadResult> loadIdentities, Action<Span<byte>>? random = null, AgeHost? host = null)
        : this(_ => loadIdentities(), perRecipient: false, random, host)
    {
    }

    /// <summary>
    /// Loads identities on the first unwrap for a recipient (the recipient goes to key commands as
    /// SOPS_AGE_RECIPIENT). With <paramref name="perRecipient"/> false they are loaded once for all.
    /// </summary>
    public AgeKeyProvider(Func<string, AgeIdentityLoadResult> loadForRecipient, bool perRecipient, Action<Span<byte>>? random = null, AgeHost? host = null)
    {
        load = loadForRecipient;
        this.perRecipient = perRecipient;
        this.random = random;
        this.host = host ?? AgeHost.None;
    }

    public string Type => "age";

    /// <summary>The recipient; a hybrid post-quantum one (about 1,960 characters) by its start and end.</summary>
    public string Describe(MasterKey key) =>
        key.Field("recipient")?.Trim() is { } recipient ? HybridRecipient.Abbreviate(recipient) : "age key without recipient";

    public Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var recipientText = key.Field("recipient")
            ?? throw new KeyUnwrapException("the age key entry has no recipient");
        try
        {
            var armored = AgeFile.EncryptArmored(dataKey.Span, [AgeRecipients.Parse(recipientText, host)], random);
            return Task.FromResult(key.With("enc", armored));
        }
        catch (AgeException ex)
        {
            // The key ring turns KeyUnwrapException into a clean user-facing error for wrap failures too.
            throw new KeyUnwrapException(ex.Message, ex);
        }
    }

    public Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Unwrap(key));
    }

    private AgeIdentityLoadResult Identities(string recipient) =>
        cache.GetOrAdd(perRecipient ? recipient : "", key => new Lazy<AgeIdentityLoadResult>(() => load(recipient), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    private byte[] Unwrap(MasterKey key)
    {
        var recipient = Describe(key);
        if (string.IsNullOrWhiteSpace(key.Enc))
        {
            throw new KeyUnwrapException($"the age key for recipient {recipient} has no enc value");
        }

        // The full recipient, not its abbreviated description: key commands get it as SOPS_AGE_RECIPIENT.
        var loaded = Identities(key.Field("recipient")?.Trim() ?? "");
        var loadErrors = loaded.Errors.Count == 0 ? "" : "; errors while loading age identities: " + string.Join("; ", loaded.Errors);
        if (loaded.Identities.Count == 0)
        {
            var looked = loaded.NotFound.Count == 0 ? "" : $" (not found: {string.Join(", ", loaded.NotFound)})";
            throw new KeyUnwrapException(
                "no age identities were found: set SOPS_AGE_KEY_FILE, SOPS_AGE_KEY or SOPS_AGE_KEY_CMD, " +
                $"or SOPS_AGE_SSH_PRIVATE_KEY_FILE for an ssh key{looked}{loadErrors}");
        }

        try
        {
            return AgeFile.Decrypt(key.Enc, loaded.Identities);
        }
        catch (AgeNoIdentityMatchedException ex)
        {
            throw new KeyUnwrapException(
                $"no age identity matches recipient {recipient} (tried: {string.Join(", ", ex.Tried)}){loadErrors}", ex);
        }
        catch (AgeException ex)
        {
            throw new KeyUnwrapException($"cannot decrypt the age key for recipient {recipient}: {ex.Message}", ex);
        }
    }
}
