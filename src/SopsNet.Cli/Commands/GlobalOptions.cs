using System.CommandLine;

namespace SopsNet.Cli.Commands;

/// <summary>
/// Flags that mean the same to every command. sops declares them among its top-level (urfave/cli) flags,
/// some also on each subcommand; here each is declared once, recursive, so it is accepted before or after
/// the subcommand name. Commands must not declare an option of the same name.
/// </summary>
internal static class GlobalOptions
{
    public static readonly Option<string?> Config = new("--config")
    {
        Description = "path to the .sops.yaml to use instead of searching from the working directory (env SOPS_CONFIG)",
        Recursive = true,
    };

    public static readonly Option<int?> Indent = new("--indent")
    {
        Description = "indentation of the output (yaml, json): lays the whole output out afresh, as sops does",
        Recursive = true,
    };

    public static readonly Option<bool> IgnoreMac = new("--ignore-mac")
    {
        Description = "skip the mac check (values are still authenticated one by one)",
        Recursive = true,
    };

    public static readonly Option<string?> DecryptionOrder = new("--decryption-order")
    {
        Description = "comma-separated key types to try first (env SOPS_DECRYPTION_ORDER; default age,pgp)",
        Recursive = true,
    };

    public static readonly Option<bool> Verbose = new("--verbose")
    {
        Description = "accepted for sops compatibility",
        Recursive = true,
    };

    public static readonly Option<bool> DisableVersionCheck = new("--disable-version-check")
    {
        Description = "accepted for sops compatibility: sopsnet never checks for a newer version online (env SOPS_DISABLE_VERSION_CHECK)",
        Recursive = true,
    };

    public static readonly Option<bool> CheckForUpdates = new("--check-for-updates")
    {
        Description = "accepted for sops compatibility: sopsnet never checks for a newer version online",
        Recursive = true,
    };

    /// <summary>sops's BoolT flag: on unless <c>--enable-local-keyservice=false</c> or SOPS_ENABLE_LOCAL_KEYSERVICE=false.</summary>
    public static readonly Option<bool?> EnableLocalKeyService = new("--enable-local-keyservice")
    {
        Description = "use the keys of this machine (default true; env SOPS_ENABLE_LOCAL_KEYSERVICE)",
        Recursive = true,
    };

    public static readonly Option<string[]> KeyService = new("--keyservice")
    {
        Description = "remote sops key service, e.g. tcp://host:5000 (env SOPS_KEYSERVICE): not supported yet, only local keys are used",
        Recursive = true,
    };

    /// <summary>Ours, not sops's: read from the raw arguments (see <see cref="Output.ColorWriter.Wanted"/>); declared so it parses anywhere and shows in --help.</summary>
    public static readonly Option<bool> NoColor = new("--no-color")
    {
        Description = "no colour in messages (also env NO_COLOR); colour is used only on a terminal",
        Recursive = true,
    };

    public static IEnumerable<Option> All =>
        [Config, Indent, IgnoreMac, DecryptionOrder, Verbose, DisableVersionCheck, CheckForUpdates, EnableLocalKeyService, KeyService, NoColor];

    public static void AddTo(RootCommand root)
    {
        foreach (var option in All)
        {
            root.Options.Add(option);
        }
    }

    /// <summary>--decryption-order, else SOPS_DECRYPTION_ORDER (sops's EnvVar on the flag).</summary>
    public static string? DecryptionOrderValue(ParseResult result, CliContext ctx) =>
        result.GetValue(DecryptionOrder) ?? ctx.Env("SOPS_DECRYPTION_ORDER");
}
