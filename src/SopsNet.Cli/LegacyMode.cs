namespace SopsNet.Cli;

/// <summary>
/// sops's pre-3.9 top-level mode (<c>sops -d file</c>, <c>sops -e -i file</c>) is still what most scripts
/// and git textconv recipes use, so <c>-d/--decrypt</c> and <c>-e/--encrypt</c> before any subcommand are
/// turned into the subcommand.
/// </summary>
public static class LegacyMode
{
    private static readonly Dictionary<string, string> Modes = new()
    {
        ["-d"] = "decrypt",
        ["--decrypt"] = "decrypt",
        ["-e"] = "encrypt",
        ["--encrypt"] = "encrypt",
    };

    public static string[] Translate(string[] args, IEnumerable<string> subcommands)
    {
        var names = subcommands.ToHashSet();
        if (args.Any(names.Contains))
        {
            return args;
        }

        var mode = args.FirstOrDefault(Modes.ContainsKey);
        return mode is null ? args : [Modes[mode], .. args.Where(a => a != mode)];
    }
}
