using System.CommandLine;
using SopsNet.Cli.Config;
using SopsNet.Cli.Output;
using SopsNet.HcVault;
using SopsNet.Keys;
using YamlDotNet.RepresentationModel;

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

    /// <summary>A creation rule's <c>hc_vault_transit_uri</c> or a key group's <c>hc_vault</c>: a comma-separated string or a list of URIs.</summary>
    public static IEnumerable<MasterKey> FromConfig(YamlNode? node) => node switch
    {
        YamlScalarNode { Value: { } v } => KeySpecs.SplitList(v).Select(VaultTransitKeyProvider.Template),
        YamlSequenceNode s => s.Children.OfType<YamlScalarNode>().SelectMany(c => KeySpecs.SplitList(c.Value)).Select(VaultTransitKeyProvider.Template),
        _ => [],
    };

    /// <summary>Nothing is read or contacted here: the token is read on the first hc_vault call.</summary>
    public static IKeyProvider Provider(CliContext ctx) => new VaultTransitKeyProvider(
        VaultTransitKeyProvider.TokenFrom(ctx.Env("VAULT_TOKEN"), ctx.Env("HOME")),
        VaultAllowlist.Parse(ctx.Env("SOPS_HC_VAULT_ALLOWLIST")),
        ctx.Env("VAULT_NAMESPACE"),
        KeyTimeout.From(ctx),
        ctx.Clock);
}
