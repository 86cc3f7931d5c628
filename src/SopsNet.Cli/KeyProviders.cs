using SopsNet.Cli.Output;
using SopsNet.Age;
using SopsNet.Cli.Keys;
using SopsNet.Keys;
using SopsNet.Pgp;

namespace SopsNet.Cli;

/// <summary>Builds the key ring from the environment: the providers sopsnet has, and the decryption order.</summary>
public static class KeyProviders
{
    // One unwrap cache per CLI run: a batch over many files that share a key asks its key service once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CliContext, UnwrapCache> Caches = [];
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CliContext, System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<AgeIdentityLoadResult>>> LoadedAgeIdentities = [];

    public static KeyRing CreateKeyRing(CliContext ctx, string? decryptionOrder)
    {
        if (!ctx.KeyServices.Local)
        {
            // sops would then use only the --keyservice servers, which sopsnet cannot talk to yet; with none
            // left, sops fails to get the data key (exit 128).
            throw new SopsException(SopsError.CouldNotRetrieveKey,
                "--enable-local-keyservice=false leaves only remote key services (--keyservice), which sopsnet does not support yet");
        }

        IReadOnlyList<string>? order = null;
        if (decryptionOrder is not null)
        {
            var list = decryptionOrder.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var duplicate = list.GroupBy(x => x).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new SopsException(SopsError.DuplicateDecryptionKeyType, $"--decryption-order: key type '{duplicate.Key}' is listed twice");
            }

            order = list;
        }

        return new KeyRing(Providers(ctx), order) { Cache = Caches.GetValue(ctx, _ => new UnwrapCache()), KeyTimeout = Keys.KeyTimeout.Backstop(ctx) };
    }

    // One PGP provider per CLI run: key rings (pubring.kbx can be megabytes) are read once, and its
    // note about falling back to gpg is given once, however many files the run opens.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CliContext, PgpKeyProvider> PgpProviders = [];

    /// <summary>How age reaches plugins (age-plugin-NAME on PATH) and the user (terminal or SSH_ASKPASS).</summary>
    private static AgeHost CreateAgeHost(CliContext ctx)
    {
        var prompt = new UserPrompt(ctx);
        return new AgeHost
        {
            PluginSearchPath = ctx.Env("PATH"),
            RequestValue = prompt.RequestValue,
            Confirm = prompt.Confirm,
            DisplayMessage = prompt.DisplayMessage,
        };
    }

    private static IEnumerable<IKeyProvider> Providers(CliContext ctx)
    {
        // Identities are loaded on first use only, so encrypting never reads key files or runs commands,
        // and once per run, so a batch of files asks for a passphrase once. A key command gets the
        // recipient it is asked for (SOPS_AGE_RECIPIENT), so with one they are loaded per recipient.
        var age = CreateAgeHost(ctx);
        var ageSources = AgeIdentitySources.ForUser(ctx.Env("HOME"), ctx.Env("XDG_CONFIG_HOME"), ctx.Env("APPDATA")) with
        {
            Key = ctx.Env("SOPS_AGE_KEY"),
            KeyFile = ctx.Env("SOPS_AGE_KEY_FILE") is { } f ? ctx.FullPath(f) : null,
            KeyCommand = ctx.Env("SOPS_AGE_KEY_CMD"),
            SshPrivateKeyFile = ctx.Env("SOPS_AGE_SSH_PRIVATE_KEY_FILE") is { } s ? ctx.FullPath(s) : null,
            SshPrivateKeyCommand = ctx.Env("SOPS_AGE_SSH_PRIVATE_KEY_CMD"),
        };
        var loaded = LoadedAgeIdentities.GetValue(ctx, _ => new(StringComparer.Ordinal));
        yield return new AgeKeyProvider(
            recipient => loaded.GetOrAdd(ageSources.RunsCommands ? recipient : "", _ => new Lazy<AgeIdentityLoadResult>(
                () => AgeIdentityLoader.Load(ageSources with { Recipient = recipient }, age))).Value,
            ageSources.RunsCommands,
            host: age);

        yield return PgpProviders.GetValue(ctx, PgpProvider);
        yield return AwsKmsCli.Provider(ctx);
        yield return Keys.GcpKmsCli.Provider(ctx);
        yield return Keys.HcVaultCli.Provider(ctx);
        yield return Keys.AzureKeyVaultCli.Provider(ctx);
    }

    private static PgpKeyProvider PgpProvider(CliContext ctx)
    {
        var gpgEnvironment = new Dictionary<string, string>();
        if (ctx.Env("GNUPGHOME") is { } home)
        {
            gpgEnvironment["GNUPGHOME"] = home;
        }

        // In process first (exported key rings, pubring.kbx, legacy secring.gpg), then gpg, so agent-held,
        // passphrase-protected and smartcard keys work exactly as with sops. The SOPSNET_ variables are
        // ours: sops has no in-process key ring setting.
        var gpg = new GpgKeyProvider(ctx.Env("SOPS_GPG_EXEC") ?? "gpg", gpgEnvironment, ctx.Clock);
        var setting = ctx.Env("SOPSNET_PGP_IN_PROCESS");
        var inProcess = setting is "false" or "0"
            ? null
            : new PgpKeySources(
                PgpKeySources.DefaultHome(ctx.Env("GNUPGHOME"), ctx.Env("HOME")),
                [.. PgpKeySources.SplitPathList(ctx.Env("SOPSNET_PGP_SECRET_KEYRING")).Select(ctx.FullPath)],
                [.. PgpKeySources.SplitPathList(ctx.Env("SOPSNET_PGP_PUBLIC_KEYRING")).Select(ctx.FullPath)]);

        // Only a user who asked for the in-process path is told why a decryption still went to gpg; by
        // default gpg is used silently, as sops uses it (every GnuPG 2.1+ user would see the note on every run).
        var reporter = new Reporter(ctx.StandardError);
        Action<string>? notice = setting is "true" or "1" ? reporter.Note : null;
        return new PgpKeyProvider(inProcess, gpg, ctx.Clock, notice);
    }
}
