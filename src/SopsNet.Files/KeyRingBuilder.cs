using System.Collections.Concurrent;
using SopsNet.Age;
using SopsNet.Keys;
using SopsNet.Pgp;

namespace SopsNet.Files;

/// <summary>
/// Builds key rings that find identities and credentials exactly as sops does: age from SOPS_AGE_KEY,
/// SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, the SSH variables and the user's keys.txt; PGP from the GnuPG home
/// (in process first, then gpg); cloud services through their providers' own credential chains. One builder
/// serves one run: identities are loaded once, on first use, and each key service unwraps a data key once.
/// </summary>
public sealed class KeyRingBuilder(KeyEnvironment environment)
{
    private readonly UnwrapCache cache = new();
    private readonly ConcurrentDictionary<string, Lazy<AgeIdentityLoadResult>> ageIdentities = new(StringComparer.Ordinal);
    private readonly Lock gate = new();
    private List<IKeyProvider>? shared;

    public KeyEnvironment Environment { get; } = environment ?? throw new ArgumentNullException(nameof(environment));

    /// <summary>How age reaches plugins and the user (passphrases, confirmations); without one, only plugin lookup on PATH.</summary>
    public AgeHost? AgeHost { get; init; }

    /// <summary>Where PGP explains why a decryption went to gpg (null: silently, as sops).</summary>
    public Action<string>? PgpNotice { get; init; }

    /// <summary>The cloud key services (default: <see cref="KeyServices.All"/>).</summary>
    public IReadOnlyList<IKeyService>? Services { get; init; }

    /// <param name="decryptionOrder">Key types to try first (sops's --decryption-order); null for sops's default.</param>
    public KeyRing Build(IReadOnlyList<string>? decryptionOrder = null) =>
        new(Providers(), decryptionOrder) { Cache = cache, KeyTimeout = Environment.KeyRingTimeout };

    private List<IKeyProvider> Providers()
    {
        lock (gate)
        {
            shared ??= [Age(), Pgp(), .. (Services ?? KeyServices.All).Select(s => s.CreateProvider(Environment))];
            return shared;
        }
    }

    private AgeKeyProvider Age()
    {
        var env = Environment;
        var host = AgeHost ?? new AgeHost { PluginSearchPath = env.Get("PATH") };

        // Identities are loaded on first use only, so encrypting never reads key files or runs commands,
        // and once per run, so a batch of files asks for a passphrase once. A key command gets the
        // recipient it is asked for (SOPS_AGE_RECIPIENT), so with one they are loaded per recipient.
        var sources = AgeIdentitySources.ForUser(env.Get("HOME"), env.Get("XDG_CONFIG_HOME"), env.Get("APPDATA")) with
        {
            Key = env.Get("SOPS_AGE_KEY"),
            KeyFile = env.Get("SOPS_AGE_KEY_FILE") is { } f ? env.FullPath(f) : null,
            KeyCommand = env.Get("SOPS_AGE_KEY_CMD"),
            SshPrivateKeyFile = env.Get("SOPS_AGE_SSH_PRIVATE_KEY_FILE") is { } s ? env.FullPath(s) : null,
            SshPrivateKeyCommand = env.Get("SOPS_AGE_SSH_PRIVATE_KEY_CMD"),
        };
        return new AgeKeyProvider(
            recipient => ageIdentities.GetOrAdd(sources.RunsCommands ? recipient : "", _ => new Lazy<AgeIdentityLoadResult>(
                () => AgeIdentityLoader.Load(sources with { Recipient = recipient }, host))).Value,
            sources.RunsCommands,
            host: host);
    }

    private PgpKeyProvider Pgp()
    {
        var env = Environment;
        var gpgEnvironment = new Dictionary<string, string>();
        if (env.Get("GNUPGHOME") is { } home)
        {
            gpgEnvironment["GNUPGHOME"] = home;
        }

        // In process first (exported key rings, pubring.kbx, legacy secring.gpg), then gpg, so agent-held,
        // passphrase-protected and smartcard keys work exactly as with sops. The SOPSNET_ variables are
        // ours: sops has no in-process key ring setting.
        var gpg = new GpgKeyProvider(env.Get("SOPS_GPG_EXEC") ?? "gpg", gpgEnvironment, env.Clock);
        var setting = env.Get("SOPSNET_PGP_IN_PROCESS");
        var inProcess = setting is "false" or "0"
            ? null
            : new PgpKeySources(
                PgpKeySources.DefaultHome(env.Get("GNUPGHOME"), env.Get("HOME")),
                [.. PgpKeySources.SplitPathList(env.Get("SOPSNET_PGP_SECRET_KEYRING")).Select(env.FullPath)],
                [.. PgpKeySources.SplitPathList(env.Get("SOPSNET_PGP_PUBLIC_KEYRING")).Select(env.FullPath)]);

        // Only a user who asked for the in-process path is told why a decryption still went to gpg; by
        // default gpg is used silently, as sops uses it (every GnuPG 2.1+ user would see the note on every run).
        return new PgpKeyProvider(inProcess, gpg, env.Clock, setting is "true" or "1" ? PgpNotice : null);
    }
}
