using SopsNet.AwsKms;
using SopsNet.AzureKeyVault;
using SopsNet.Cli.Output;
using SopsNet.Files;
using SopsNet.GcpKms;
using SopsNet.HcVault;
using SopsNet.Keys;

namespace SopsNet.Cli;

/// <summary>
/// The key ring of a CLI run: SopsNet.Files's key discovery over the run's environment, with the terminal
/// for age prompts and every cloud service sopsnet ships (named here, so NativeAOT needs no discovery).
/// </summary>
internal static class KeyProviders
{
    /// <summary>The cloud key services the CLI has, in sops's order.</summary>
    public static IReadOnlyList<IKeyService> Services { get; } =
        [new AwsKmsKeyService(), new GcpKmsKeyService(), new VaultKeyService(), new AzureKeyVaultKeyService()];

    // One builder per CLI run: a batch over many files that share a key asks its key service once, loads
    // age identities and PGP key rings once, and asks for a passphrase once.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<CliContext, KeyRingBuilder> Builders = [];

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

        return Builders.GetValue(ctx, Create).Build(order);
    }

    /// <summary>The environment key discovery reads: the run's, not the process's (tests run the CLI in process).</summary>
    public static KeyEnvironment Environment(CliContext ctx) => new(ctx.Environment, ctx.CurrentDirectory) { Clock = ctx.Clock };

    private static KeyRingBuilder Create(CliContext ctx)
    {
        var prompt = new UserPrompt(ctx);
        return new KeyRingBuilder(Environment(ctx))
        {
            // How age reaches plugins (age-plugin-NAME on PATH) and the user (terminal or SSH_ASKPASS).
            AgeHost = new Age.AgeHost
            {
                PluginSearchPath = ctx.Env("PATH"),
                RequestValue = prompt.RequestValue,
                Confirm = prompt.Confirm,
                DisplayMessage = prompt.DisplayMessage,
            },
            PgpNotice = new Reporter(ctx.StandardError).Note,
            Services = Services,
        };
    }
}
