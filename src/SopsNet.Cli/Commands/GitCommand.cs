using System.CommandLine;
using System.Text;
using SopsNet.Cli.Git;
using SopsNet.Cli.IO;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet git setup [--global]</c>: makes git show decrypted diffs and merge encrypted files through
/// sopsnet, for the files .sops.yaml's creation rules cover. Running it again changes nothing.
/// </summary>
internal sealed class GitCommand
{
    /// <summary>The driver name used in .gitattributes (<c>diff=sopsnet merge=sopsnet</c>) and git config.</summary>
    public const string Driver = "sopsnet";

    public const string Attributes = "diff=" + Driver + " merge=" + Driver;

    private const string Header = "# sopsnet: decrypted diffs and value-level merges of encrypted files (sopsnet git setup)";

    // textconv output is deliberately not cached (diff.sopsnet.cachetextconv): git would store the
    // decrypted text in refs/notes/textconv, i.e. plaintext secrets inside the repository.
    private static readonly (string Key, string Value)[] ConfigEntries =
    [
        ("diff.sopsnet.textconv", "sopsnet decrypt --textconv"),
        ("merge.sopsnet.name", "sopsnet: three-way merge of sops-encrypted values"),
        ("merge.sopsnet.driver", "sopsnet merge %O %A %B %P"),
    ];

    private static readonly Option<bool> Global = new("--global") { Description = "write the driver config to your global git config instead of the repository's" };

    public static Command Create(CliContext ctx)
    {
        var setup = new Command("setup", "write .gitattributes patterns from .sops.yaml and the git diff/merge driver config");
        setup.Options.Add(Global);
        setup.SetAction((result, _) => Task.FromResult(Setup(result.GetValue(Global), result.GetValue(GlobalOptions.Config), ctx)));
        var git = new Command("git", "git integration: decrypted diffs and merges");
        git.Subcommands.Add(setup);
        return git;
    }

    public static int Setup(bool global, string? configPath, CliContext ctx)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            var top = GitRunner.TopLevel(ctx, ctx.CurrentDirectory);
            if (top is null && !global)
            {
                throw new SopsException(SopsError.Generic, $"{ctx.CurrentDirectory}: not inside a git repository (use --global to set up the drivers for all repositories)");
            }

            var output = new StringBuilder();
            var config = Settings.LoadConfig(ctx, configPath, null);
            if (config.CreationRules.IsEmpty)
            {
                reporter.Warning("no creation rules in .sops.yaml: .gitattributes not changed; add lines like '*.enc.yaml " + Attributes + "' yourself");
            }
            else
            {
                var patterns = Patterns(config.CreationRules.Select(r => r.PathRegex?.ToString()).ToList(), reporter);
                var file = Path.Combine(config.Directory, ".gitattributes");
                var added = UpdateAttributes(file, patterns);
                output.Append(added == 0 ? $"{file}: up to date\n" : $"{file}: added {added} line{(added == 1 ? "" : "s")}\n");
            }

            foreach (var (key, value) in ConfigEntries)
            {
                var scope = global ? "--global" : "--local";
                var current = GitRunner.Run(ctx, top ?? ctx.CurrentDirectory, "config", scope, "--get", key);
                if (current.Ok && current.Stdout.TrimEnd('\n') == value)
                {
                    continue;
                }

                var set = GitRunner.Run(ctx, top ?? ctx.CurrentDirectory, "config", scope, key, value);
                if (!set.Ok)
                {
                    throw new SopsException(SopsError.Generic, $"git config {scope} {key}: {set.Stderr.Trim()}");
                }

                output.Append($"git config {scope} {key} = \"{value}\"\n");
            }

            ctx.StandardOutput.Write(Encoding.UTF8.GetBytes(output.ToString()));
            ctx.StandardOutput.Flush();
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, null);
        }
    }

    /// <summary>The git patterns for the rules' regexes; rules that cannot be translated are reported with a suggestion.</summary>
    private static List<string> Patterns(IReadOnlyList<string?> regexes, Reporter reporter)
    {
        var patterns = new List<string>();
        for (var i = 0; i < regexes.Count; i++)
        {
            var where = $".sops.yaml creation_rules[{i}]";
            if (regexes[i] is not { } regex)
            {
                // A rule without path_regex matches every file; giving every file the drivers would
                // route all diffs and merges of the repository through sopsnet.
                reporter.Warning($"{where}: no path_regex, so it matches every file; no pattern added for it");
                continue;
            }

            var translation = GitPattern.Translate(regex);
            if (translation.Problem is not null)
            {
                reporter.Warning($"{where}: path_regex '{regex}' {translation.Problem}; add a line like '{GitPattern.Suggest(regex)} {Attributes}' to .gitattributes yourself");
                continue;
            }

            if (!translation.Exact)
            {
                reporter.Warning($"{where}: path_regex '{regex}' became '{string.Join("', '", translation.Patterns)}', which may match fewer files than the regex; check it");
            }

            patterns.AddRange(translation.Patterns);
        }

        return patterns.Distinct().ToList();
    }

    /// <summary>Appends the lines missing from <paramref name="file"/>; returns how many were added (0 writes nothing).</summary>
    private static int UpdateAttributes(string file, IReadOnlyList<string> patterns)
    {
        var text = File.Exists(file) ? File.ReadAllText(file) : "";
        var present = text.Split('\n').Select(l => string.Join(' ', l.Split((char[])[' ', '\t'], StringSplitOptions.RemoveEmptyEntries))).ToHashSet();
        var missing = patterns.Select(p => $"{p} {Attributes}").Where(l => !present.Contains(l)).ToList();
        if (missing.Count == 0)
        {
            return 0;
        }

        var sb = new StringBuilder(text);
        if (sb.Length > 0 && sb[^1] != '\n')
        {
            sb.Append('\n');
        }

        if (!present.Contains(Header))
        {
            sb.Append(Header).Append('\n');
        }

        foreach (var line in missing)
        {
            sb.Append(line).Append('\n');
        }

        AtomicFile.Write(file, Encoding.UTF8.GetBytes(sb.ToString()), NewFileMode.Default);
        return missing.Count;
    }
}
