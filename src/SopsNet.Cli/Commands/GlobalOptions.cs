using System.CommandLine;

namespace SopsNet.Cli.Commands;

/// <summary>
/// Flags that mean the same to every command that takes them. sops declares them among its top-level
/// (urfave/cli) flags, some also on each subcommand, and accepts them on every command, so every command
/// here accepts every one, before or after the subcommand name (<see cref="Parsing.MainAction"/> moves those
/// given before it to just after it). A command's --help lists only those it reads (<see cref="Used"/>);
/// the others are hidden twins there, accepted and ignored as sops ignores them. Commands must not declare
/// an option of the same name.
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

    /// <summary>The key service flags: they matter wherever a data key is unwrapped or wrapped.</summary>
    private static readonly Option[] KeyServices = [EnableLocalKeyService, KeyService];

    /// <summary>
    /// The global options each command reads, so its --help shows them; --no-color is read by every command
    /// (each can print an error). --verbose is read only by check; --disable-version-check and
    /// --check-for-updates by none (sopsnet never checks online), so they show in the top-level help only.
    /// A test keeps this table complete.
    /// </summary>
    private static readonly Dictionary<string, Option[]> Used = new(StringComparer.Ordinal)
    {
        ["completion"] = [],
        ["encrypt"] = [Config, Indent, DecryptionOrder, .. KeyServices],
        ["decrypt"] = [Config, Indent, IgnoreMac, DecryptionOrder, .. KeyServices],
        ["filestatus"] = [],
        ["edit"] = [Config, Indent, IgnoreMac, DecryptionOrder, .. KeyServices],
        ["set"] = [Config, Indent, IgnoreMac, DecryptionOrder, .. KeyServices],
        ["unset"] = [Config, Indent, IgnoreMac, DecryptionOrder, .. KeyServices],
        ["rotate"] = [Config, Indent, IgnoreMac, DecryptionOrder, .. KeyServices],
        ["updatekeys"] = [Config, IgnoreMac, DecryptionOrder, .. KeyServices],
        ["recipients"] = [Config],
        ["exec-env"] = [Config, IgnoreMac, DecryptionOrder, .. KeyServices],
        ["exec-file"] = [Config, Indent, IgnoreMac, DecryptionOrder, .. KeyServices],
        ["git"] = [Config],
        ["merge"] = [Config, DecryptionOrder, .. KeyServices],
        ["check"] = [Config, DecryptionOrder, Verbose, .. KeyServices],
        ["groups"] = [Config, Indent, IgnoreMac, DecryptionOrder, .. KeyServices],
        ["keygen"] = [],
        ["init"] = [Config],
    };

    public static bool IsGlobal(string name) => All.Any(o => o.Name == name);

    /// <summary>All of them, shown, for the top-level help: sops's top-level form takes every one.</summary>
    public static void AddTo(RootCommand root)
    {
        foreach (var option in All)
        {
            root.Options.Add(Twin(option, hidden: false, recursive: false));
        }
    }

    /// <summary>
    /// Every global option on <paramref name="command"/> (recursive, for its subcommands): the one the
    /// command reads where it reads it, a hidden twin elsewhere.
    /// </summary>
    public static void AddTo(Command command)
    {
        var used = Used[command.Name];
        foreach (var option in All)
        {
            command.Options.Add(option == NoColor || used.Contains(option) ? option : Twin(option, hidden: true, recursive: true));
        }
    }

    /// <summary>The commands without an entry in <see cref="Used"/> (for the test that keeps it complete).</summary>
    public static IEnumerable<string> Missing(IEnumerable<string> commands) => commands.Where(n => !Used.ContainsKey(n));

    /// <summary>A new option of the same name, type and description (an option's visibility is its own, not per command).</summary>
    private static Option Twin(Option option, bool hidden, bool recursive) => option switch
    {
        Option<bool> o => new Option<bool>(o.Name) { Description = o.Description, Hidden = hidden, Recursive = recursive },
        Option<bool?> o => new Option<bool?>(o.Name) { Description = o.Description, Hidden = hidden, Recursive = recursive },
        Option<int?> o => new Option<int?>(o.Name) { Description = o.Description, Hidden = hidden, Recursive = recursive },
        Option<string[]> o => new Option<string[]>(o.Name) { Description = o.Description, Hidden = hidden, Recursive = recursive },
        Option<string> o => new Option<string?>(o.Name) { Description = o.Description, Hidden = hidden, Recursive = recursive },
        _ => throw new InvalidOperationException($"{option.Name}: no twin for {option.GetType()}"),
    };

    /// <summary>--decryption-order, else SOPS_DECRYPTION_ORDER (sops's EnvVar on the flag).</summary>
    public static string? DecryptionOrderValue(ParseResult result, CliContext ctx) =>
        result.GetValue(DecryptionOrder) ?? ctx.Env("SOPS_DECRYPTION_ORDER");
}
