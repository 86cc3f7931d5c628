using System.CommandLine;
using System.Text;
using SopsNet.Age;
using SopsNet.Files.Config;
using SopsNet.Cli.Git;
using SopsNet.Cli.IO;
using SopsNet.Cli.Keys;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet init PATH...</c>: the first five minutes in one command. It finds the age key where sops
/// looks for it or creates one there (never overwriting one), adds a creation rule for the paths to
/// .sops.yaml, runs <c>git setup</c> inside a git repository and prints what to try next. Running it again
/// changes nothing.
/// </summary>
internal sealed class InitCommand
{
    private static readonly Argument<string[]> Paths = new("path")
    {
        Arity = ArgumentArity.OneOrMore,
        Description = "the directories (secrets/, made when missing) or files the rule covers, relative to the working directory",
    };

    // The keys a rule can name, each with its .sops.yaml entry: any of them replaces the age key.
    private static readonly (Option<string?> Option, string ConfigKey)[] KeyOptions =
    [
        (new Option<string?>("--age") { Description = "comma-separated age recipients to use instead of your own age key" }, "age"),
        (new Option<string?>("--pgp") { Description = "comma-separated PGP fingerprints" }, "pgp"),
        (new Option<string?>("--kms") { Description = "comma-separated AWS KMS ARNs" }, "kms"),
        (new Option<string?>("--gcp-kms") { Description = "comma-separated GCP KMS key resource ids" }, "gcp_kms"),
        (new Option<string?>("--azure-kv") { Description = "comma-separated Azure Key Vault key URLs" }, "azure_keyvault"),
        (new Option<string?>("--hc-vault-transit") { Description = "comma-separated Vault transit key URIs" }, "hc_vault_transit_uri"),
    ];

    public static Command Create(CliContext ctx)
    {
        var command = new Command(
            "init",
            "set up a repository for encrypted files: an age key where sops looks for it (created if missing, never overwritten), " +
            "a .sops.yaml creation rule for the paths and, in a git repository, git setup");
        command.Arguments.Add(Paths);
        foreach (var (option, _) in KeyOptions)
        {
            command.Options.Add(option);
        }

        command.SetAction((result, _) =>
        {
            var keys = KeyOptions
                .Where(k => result.GetValue(k.Option) is { Length: > 0 })
                .Select(k => (k.ConfigKey, result.GetValue(k.Option)!))
                .ToList();
            return Task.FromResult(Run(result.GetValue(Paths) ?? [], keys, result.GetValue(GlobalOptions.Config), ctx));
        });
        return command;
    }

    public static int Run(IReadOnlyList<string> paths, IReadOnlyList<(string Key, string Value)> keys, string? configFlag, CliContext ctx)
    {
        var reporter = new Reporter(ctx.StandardError);
        var output = new StringBuilder();
        try
        {
            if (keys.Count == 0)
            {
                keys = [("age", OwnAgeRecipient(ctx, output))];
            }

            var configFile = ConfigFile(ctx, configFlag);
            var configDirectory = Path.GetDirectoryName(configFile)!;
            var text = File.Exists(configFile) ? File.ReadAllText(configFile) : null;
            var updated = text;
            foreach (var path in paths.Reverse())
            {
                // Added in reverse so that they end up in the order given, all before the existing rules.
                var regex = PathRegex(ctx, configDirectory, path);
                if (ConfigRuleWriter.AddRule(updated, configFile, regex, keys) is { } next)
                {
                    updated = next;
                    output.Append($"{configFile}: added a rule for {path} (path_regex '{regex}')\n");
                }
                else
                {
                    output.Append($"{configFile}: already has a rule for {path} (path_regex '{regex}')\n");
                }
            }

            if (updated != text)
            {
                AtomicFile.Write(configFile, Encoding.UTF8.GetBytes(updated!), NewFileMode.Default);
            }

            // A directory named for the rule is made, so the first file can be written into it right away.
            foreach (var path in paths.Where(p => p.EndsWith('/') && !Directory.Exists(ctx.FullPath(p))))
            {
                Directory.CreateDirectory(ctx.FullPath(path));
                output.Append($"{path}: created\n");
            }

            Flush(ctx, output);
            if (InsideGitRepository(ctx))
            {
                var code = GitCommand.Setup(false, configFlag, ctx);
                if (code != 0)
                {
                    return code;
                }
            }

            var example = Example(paths[0]);
            (string Command, string Why)[] tryNext =
            [
                ($"sopsnet edit {example}", "create an encrypted file and edit it"),
                ($"sopsnet decrypt {example}", "print it decrypted"),
                ("sopsnet check", "before a commit: every file under a rule is encrypted"),
            ];
            var width = tryNext.Max(n => n.Command.Length) + 2;
            output.Append("\nnext:\n");
            foreach (var (command, why) in tryNext)
            {
                output.Append("  ").Append(command.PadRight(width)).Append("# ").Append(why).Append('\n');
            }

            Flush(ctx, output);
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Flush(ctx, output);
            return reporter.Fail(e, null);
        }
    }

    /// <summary>
    /// The recipient of the user's age key, found as sops finds it (SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, else the
    /// default keys.txt); when there is no key file yet, one is created where sops will read it.
    /// </summary>
    private static string OwnAgeRecipient(CliContext ctx, StringBuilder output)
    {
        if (ctx.Env("SOPS_AGE_KEY") is { } inline)
        {
            return AgeKeyFile.FirstRecipient(inline)
                ?? throw new SopsException(SopsError.Generic, "SOPS_AGE_KEY: holds no AGE-SECRET-KEY-1… identity to take the recipient from; give one with --age");
        }

        var file = ctx.Env("SOPS_AGE_KEY_FILE") is { } f
            ? ctx.FullPath(f)
            : AgeIdentitySources.ForUser(ctx.Env("HOME"), ctx.Env("XDG_CONFIG_HOME"), ctx.Env("APPDATA")).DefaultKeyFile
              ?? throw new SopsException(SopsError.Generic, "cannot tell where sops looks for the age key (HOME is not set); set SOPS_AGE_KEY_FILE or give --age");
        if (File.Exists(file))
        {
            var recipient = AgeKeyFile.FirstRecipient(File.ReadAllText(file))
                ?? throw new SopsException(SopsError.Generic, $"{file}: holds no AGE-SECRET-KEY-1… identity to take the recipient from (passphrase-protected or plugin keys cannot be read here); give the recipient with --age");
            output.Append($"{file}: using this age key (public key {recipient})\n");
            return recipient;
        }

        var identity = AgeKeyFile.Create(file, ctx.Clock.GetLocalNow());
        output.Append($"{file}: created an age key (public key {identity.Recipient.Text}); back it up: without it nothing encrypted for it can be decrypted\n");
        return identity.Recipient.Text;
    }

    /// <summary>--config or SOPS_CONFIG; else the .sops.yaml sops would find from here; else a new one here.</summary>
    private static string ConfigFile(CliContext ctx, string? configFlag)
    {
        if ((configFlag ?? ctx.Env("SOPS_CONFIG")) is { } explicitPath)
        {
            return ctx.FullPath(explicitPath);
        }

        var found = Path.Combine(Settings.LoadConfig(ctx, null, null).Directory, ".sops.yaml");
        return File.Exists(found) ? found : Path.Combine(ctx.CurrentDirectory, ".sops.yaml");
    }

    /// <summary>
    /// sops matches path_regex against the path relative to .sops.yaml's directory: a directory becomes
    /// <c>^dir/</c> (everything below it), a file its exact path.
    /// </summary>
    private static string PathRegex(CliContext ctx, string configDirectory, string path)
    {
        var full = ctx.FullPath(path);
        var relative = Path.GetRelativePath(configDirectory, full).Replace(Path.DirectorySeparatorChar, '/');
        if (relative == "." || relative.StartsWith("../", StringComparison.Ordinal) || relative == ".." || Path.IsPathRooted(relative))
        {
            throw new SopsException(SopsError.Generic, $"{path}: not below {configDirectory}, where .sops.yaml is; rules match paths below it");
        }

        var isDirectory = path.EndsWith('/') || Directory.Exists(full);
        return "^" + Escape(relative.TrimEnd('/')) + (isDirectory ? "/" : "$");
    }

    /// <summary>
    /// Escapes only regex metacharacters: Go's regexp (sops) rejects escapes .NET's Regex.Escape makes, such
    /// as an escaped space.
    /// </summary>
    private static string Escape(string literal)
    {
        var sb = new StringBuilder();
        foreach (var c in literal)
        {
            if (@"\.+*?()|[]{}^$".Contains(c))
            {
                sb.Append('\\');
            }

            sb.Append(c);
        }

        return sb.ToString();
    }

    private static string Example(string path) =>
        path.EndsWith('/') || Directory.Exists(path) ? path.TrimEnd('/') + "/app.yaml" : path;

    private static bool InsideGitRepository(CliContext ctx)
    {
        try
        {
            return GitRunner.TopLevel(ctx, ctx.CurrentDirectory) is not null;
        }
        catch (SopsException)
        {
            // git is not installed: then there is no repository to set up either.
            return false;
        }
    }

    private static void Flush(CliContext ctx, StringBuilder output)
    {
        ctx.StandardOutput.Write(Encoding.UTF8.GetBytes(output.ToString()));
        ctx.StandardOutput.Flush();
        output.Clear();
    }
}
