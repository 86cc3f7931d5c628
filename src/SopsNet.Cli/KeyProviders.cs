using SopsNet.Cli.Output;
using SopsNet.Keys;

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
        _ = ctx;
        return []; // TODO: age provider, wired when the age branch is merged.
    }
}
