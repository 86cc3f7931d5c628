using System.CommandLine;

namespace SopsNet.Cli.Commands;

/// <summary>
/// Flags sops takes before the subcommand (urfave/cli global flags). Declared recursive, so they are
/// accepted before or after the subcommand name.
/// </summary>
public static class GlobalOptions
{
    public static readonly Option<string?> Config = new("--config")
    {
        Description = "path to the .sops.yaml to use instead of searching from the working directory (env SOPS_CONFIG)",
        Recursive = true,
    };

    public static readonly Option<int?> Indent = new("--indent")
    {
        Description = "indentation of newly written yaml/json (overrides stores.*.indent)",
        Recursive = true,
    };

    public static readonly Option<bool> IgnoreMac = new("--ignore-mac")
    {
        Description = "skip the mac check (values are still authenticated one by one)",
        Recursive = true,
    };

    public static void AddTo(RootCommand root)
    {
        root.Options.Add(Config);
        root.Options.Add(Indent);
        root.Options.Add(IgnoreMac);
    }
}
