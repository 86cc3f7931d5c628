using SopsNet.Cli.Output;
using SopsNet.Keys;
using SopsNet.Pgp;

namespace SopsNet.Cli;

/// <summary>Builds the key ring from the environment: the providers sopsnet has, and the decryption order.</summary>
public static class KeyProviders
{
    public static KeyRing CreateKeyRing(CliContext ctx, string? decryptionOrder)
    {
        IReadOnlyList<string>? order = null;
        if (decryptionOrder is not null)
        {
            var list = decryptionOrder.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var duplicate = list.GroupBy(x => x).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new CliException(SopsError.DuplicateDecryptionKeyType, $"--decryption-order: key type '{duplicate.Key}' is listed twice");
            }

            order = list;
        }

        return new KeyRing(Providers(ctx), order);
    }

    private static IEnumerable<IKeyProvider> Providers(CliContext ctx)
    {
        // TODO: age provider, wired when the age branch is merged.
        var gpgEnvironment = new Dictionary<string, string>();
        if (ctx.Env("GNUPGHOME") is { } home)
        {
            gpgEnvironment["GNUPGHOME"] = home;
        }

        yield return new GpgKeyProvider(ctx.Env("SOPS_GPG_EXEC") ?? "gpg", gpgEnvironment, ctx.Clock);
    }
}
