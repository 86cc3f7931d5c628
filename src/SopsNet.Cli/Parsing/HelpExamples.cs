using System.CommandLine;

namespace SopsNet.Cli.Parsing;

/// <summary>
/// An example and the environment variables read, for each command's --help. Kept in one table, apart from
/// the commands, so the help reads alike everywhere and a command without an example is easy to spot (a test
/// checks that none is missing).
/// </summary>
internal static class HelpExamples
{
    private const string AgeKeys = "SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD, SOPS_AGE_SSH_PRIVATE_KEY_FILE, GNUPGHOME, SOPS_DECRYPTION_ORDER (the keys to decrypt with)";
    private const string Recipients = "SOPS_AGE_RECIPIENTS, SOPS_PGP_FP, SOPS_KMS_ARN, SOPS_GCP_KMS_IDS, SOPS_AZURE_KEYVAULT_URLS, SOPS_VAULT_URIS (recipients when no flag or rule gives them), SOPS_CONFIG";

    private static readonly Dictionary<string, (string Example, string? Environment)> Table = new(StringComparer.Ordinal)
    {
        ["init"] = ("sopsnet init secrets/", "SOPS_AGE_KEY_FILE, SOPS_AGE_KEY, XDG_CONFIG_HOME, HOME (where the age key is looked for and created), SOPS_CONFIG"),
        ["keygen"] = ("sopsnet keygen -o ~/.config/sops/age/keys.txt", null),
        ["completion"] = ("source <(sopsnet completion bash)", null),
        ["encrypt"] = ("sopsnet encrypt -i secrets/app.yaml", Recipients),
        ["decrypt"] = ("sopsnet decrypt --extract '[\"db\"][\"password\"]' secrets/app.yaml", AgeKeys),
        ["filestatus"] = ("sopsnet filestatus secrets/app.yaml", null),
        ["edit"] = ("sopsnet edit secrets/app.yaml", "SOPS_EDITOR, EDITOR, " + AgeKeys),
        ["set"] = ("sopsnet set secrets/app.yaml '[\"db\"][\"password\"]' '\"new-password\"'", AgeKeys),
        ["unset"] = ("sopsnet unset secrets/app.yaml '[\"db\"][\"old_key\"]'", AgeKeys),
        ["rotate"] = ("sopsnet rotate -i --add-age age1... secrets/app.yaml", AgeKeys),
        ["updatekeys"] = ("sopsnet updatekeys -r --dry-run secrets/", AgeKeys + ", SOPS_CONFIG"),
        ["recipients"] = ("sopsnet recipients -r .", "SOPS_CONFIG"),
        ["exec-env"] = ("sopsnet exec-env secrets/app.yaml 'printenv db__password'", AgeKeys + ", GITHUB_ACTIONS, GITLAB_CI (--mask)"),
        ["exec-file"] = ("sopsnet exec-file secrets/app.yaml 'cat {}'", AgeKeys),
        ["git"] = ("sopsnet git setup", "SOPS_CONFIG"),
        ["merge"] = ("git config merge.sopsnet.driver 'sopsnet merge %O %A %B %P'  (sopsnet git setup does this)", AgeKeys),
        ["check"] = ("sopsnet check", AgeKeys + ", SOPS_CONFIG"),
        ["groups"] = ("sopsnet groups add --file secrets/app.yaml --age age1...", AgeKeys),
    };

    public static void AddTo(Command command)
    {
        if (Table.TryGetValue(command.Name, out var help))
        {
            command.Description += "\n\nexample:\n  " + help.Example + (help.Environment is { } env ? "\n\nenvironment: " + env : "");
        }
    }

    /// <summary>The commands that have no entry (for the test that keeps the table complete).</summary>
    public static IEnumerable<string> Missing(RootCommand root) => root.Subcommands.Select(c => c.Name).Where(n => !Table.ContainsKey(n));
}
