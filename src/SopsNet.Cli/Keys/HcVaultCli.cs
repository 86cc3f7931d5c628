using System.CommandLine;
using SopsNet.Files.Config;
using SopsNet.Cli.Output;
using SopsNet.HcVault;
using SopsNet.Keys;

namespace SopsNet.Cli.Keys;

/// <summary>The <c>hc_vault</c> (Vault / OpenBao transit) key type on the command line, in the environment and in <c>.sops.yaml</c>.</summary>
internal static class HcVaultCli
{
    public static readonly Option<string?> Encrypt = Checked(new Option<string?>("--hc-vault-transit") { Description = "comma-separated Vault transit key URIs, https://vault:8200/v1/ENGINE/keys/NAME (env SOPS_VAULT_URIS)" });
    public static readonly Option<string[]> Add = Checked(new Option<string[]>("--add-hc-vault-transit") { Description = "Vault transit key URI to add" });
    public static readonly Option<string[]> Remove = Checked(new Option<string[]>("--rm-hc-vault-transit") { Description = "Vault transit key URI to remove" });

    public static IReadOnlyList<string> FromFlagOrEnv(ParseResult result, CliContext ctx) =>
        KeySpecs.SplitList(result.GetValue(Encrypt) ?? ctx.Env("SOPS_VAULT_URIS")).ToList();

    /// <summary>A malformed key in a flag is a usage error, reported before anything runs.</summary>
    private static Option<T> Checked<T>(Option<T> option)
    {
        option.Validators.Add(result =>
        {
            foreach (var value in result.Tokens.SelectMany(t => KeySpecs.SplitList(t.Value)))
            {
                try
                {
                    VaultTransitKeyProvider.Template(value);
                }
                catch (ArgumentException e)
                {
                    result.AddError(e.Message);
                }
            }
        });
        return option;
    }

    public static IEnumerable<MasterKey> Keys(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(KeySpecs.SplitList).Select(Key);

    public static MasterKey Key(string uri)
    {
        try
        {
            return VaultTransitKeyProvider.Template(uri);
        }
        catch (ArgumentException e)
        {
            throw new SopsException(SopsError.Generic, e.Message);
        }
    }
}
