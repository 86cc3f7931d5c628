using Org.BouncyCastle.Bcpg.OpenPgp;
using SopsNet.Keys;
using SopsNet.Values;

namespace SopsNet.Pgp;

/// <summary>
/// The sops <c>pgp</c> key type, as sops does it: in process first (BouncyCastle, with keys from
/// <see cref="PgpKeySources"/>), then the gpg binary, so agent-held, passphrase-protected and smartcard
/// keys work as with sops. Pass null for <paramref name="inProcess"/> to use gpg only, or null for
/// <paramref name="gpg"/> to never run gpg. <paramref name="gpgFallbackNotice"/>, when given, hears once
/// (one line) why a decryption went to gpg although the in-process path was on.
/// </summary>
public sealed class PgpKeyProvider(PgpKeySources? inProcess, GpgKeyProvider? gpg, TimeProvider clock, Action<string>? gpgFallbackNotice = null) : IKeyProvider
{
    // Key rings are read on first use only, so a run that needs no PGP key reads no key files.
    private readonly Lazy<PgpKeyStore>? keys = inProcess is null ? null : new(() => PgpKeyStore.Load(inProcess), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly GpgKeyProvider? gpg = inProcess is null && gpg is null
        ? throw new ArgumentException("a pgp provider needs in-process key sources, gpg, or both")
        : gpg;

    private readonly string? agentKeys = inProcess?.GnupgHome is { } home ? Path.Combine(home, "private-keys-v1.d") : null;

    private int noticeGiven;

    public string Type => "pgp";

    public string Describe(MasterKey key) => key.Field("fp") ?? "(no fingerprint)";

    public async Task<MasterKey> WrapAsync(MasterKey key, ReadOnlyMemory<byte> dataKey, CancellationToken cancellationToken)
    {
        var fpText = key.Field("fp") ?? throw new KeyUnwrapException("the pgp key has no fingerprint");
        var fp = PgpFingerprint.Parse(fpText);
        if (keys?.Value.EncryptionKey(fp, clock.GetUtcNow()) is { } recipient)
        {
            try
            {
                var armored = OpenPgpMessage.Encrypt(dataKey.Span, recipient);
                return key.With("created_at", GoTime.FromUtc(clock.GetUtcNow()).ToString()).With("enc", armored);
            }
            catch (PgpException e)
            {
                // A damaged key, whose numbers fail BouncyCastle's checks: gpg, when used, has its say below.
                if (gpg is null)
                {
                    var reason = e.GetBaseException().Message.TrimEnd('.').ToLowerInvariant();
                    throw new KeyUnwrapException($"cannot encrypt for {fp.Hex} in process: its public key {recipient.KeyId:X16} is unusable: {reason}", e);
                }
            }
        }

        if (gpg is null)
        {
            var problems = keys?.Value.Problems is { Count: > 0 } p ? $" ({string.Join("; ", p)})" : "";
            throw new KeyUnwrapException($"no usable public key for {fp.Hex} in process, and gpg is not used{problems}");
        }

        // gpg is given the fingerprint as written (a trailing ! forces that subkey, as in sops).
        return await gpg.WrapAsync(key, dataKey, cancellationToken).ConfigureAwait(false);
    }

    public async Task<byte[]> UnwrapAsync(MasterKey key, CancellationToken cancellationToken)
    {
        var fp = Describe(key);
        if (string.IsNullOrWhiteSpace(key.Enc))
        {
            throw new KeyUnwrapException($"the pgp key {fp} has no enc value");
        }

        string? inProcessFailure = null;
        if (keys is not null && keys.Value.HasSecretKeySources)
        {
            try
            {
                return OpenPgpMessage.Decrypt(key.Enc, keys.Value, fp);
            }
            catch (KeyUnwrapException e)
            {
                inProcessFailure = e.Message;
            }
        }

        if (gpg is null)
        {
            throw new KeyUnwrapException(inProcessFailure ?? $"no secret key for {fp}: no secret key rings were found and gpg is not used");
        }

        if (keys is not null && gpgFallbackNotice is not null && Interlocked.Exchange(ref noticeGiven, 1) == 0)
        {
            gpgFallbackNotice($"pgp: {WhyNotInProcess(inProcessFailure)}; decrypting through gpg");
        }

        try
        {
            return await gpg.UnwrapAsync(key, cancellationToken).ConfigureAwait(false);
        }
        catch (KeyUnwrapException e) when (inProcessFailure is not null)
        {
            throw new KeyUnwrapException($"{inProcessFailure}; {e.Message}", e);
        }
    }

    /// <summary>
    /// GnuPG 2.1+ hands secret keys to gpg-agent, which keeps them in private-keys-v1.d in its own
    /// protected format and only ever decrypts for gpg: that is why a normal home needs gpg here.
    /// </summary>
    private string WhyNotInProcess(string? inProcessFailure) =>
        agentKeys is not null && Directory.Exists(agentKeys) && Directory.EnumerateFiles(agentKeys, "*.key").Any()
            ? $"secret keys in {agentKeys} are held by gpg-agent"
            : inProcessFailure ?? "no secret key rings were found";
}
