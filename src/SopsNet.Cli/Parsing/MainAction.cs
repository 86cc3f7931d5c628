using System.CommandLine;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Parsing;

/// <summary>
/// sops's top level (cmd/sops/main.go, urfave/cli v1): flags before the subcommand, and the main action
/// that runs when there is no subcommand (<c>sops file</c> edits, <c>sops -d file</c> decrypts, <c>-e</c>,
/// <c>-r</c>, <c>--set</c>). The arguments are rewritten into the matching subcommand call, after the checks
/// sops's main action makes itself, so every mode shares one implementation with its subcommand.
/// </summary>
/// <remarks>
/// A flag given before a subcommand applies to it when the subcommand has a flag of that name (sops
/// accepts it there but then reads only the subcommand's own, so <c>sops --age X encrypt f</c> silently
/// ignored X); a flag the subcommand has no use for is ignored with a warning, as sops ignores it silently.
/// </remarks>
internal static class MainAction
{
    private sealed record Given(SopsFlag Flag, string Token, string? Value);

    public static Invocation Prepare(string[] args, CliContext ctx)
    {
        var reporter = new Reporter(ctx.StandardError);
        if (args.Length > 0 && args[0].StartsWith('['))
        {
            return Invocation.Run(args); // a System.CommandLine directive, e.g. [suggest:12] from the completion scripts
        }

        if (args.Length > 0 && args[0] is "help" or "h")
        {
            // urfave/cli's help command: `sops help decrypt`.
            return Invocation.Run([.. args.Skip(1).Take(1), "--help"]);
        }

        var given = new List<Given>();
        var i = 0;
        for (; i < args.Length; i++)
        {
            var token = args[i];
            if (token == "--" || token == "-" || !token.StartsWith('-'))
            {
                break;
            }

            if (token is "--version" or "-v" or "-version")
            {
                var output = System.Text.Encoding.UTF8.GetBytes(VersionText.For(ctx.ProgramName));
                ctx.StandardOutput.Write(output);
                ctx.StandardOutput.Flush();
                return Invocation.Done(0);
            }

            if (token is "--help" or "-h" or "-?" or "-help")
            {
                return Invocation.Run(["--help"]);
            }

            var eq = token.IndexOf('=', StringComparison.Ordinal);
            var name = eq < 0 ? token : token[..eq];
            if (SopsFlags.Lookup(name) is not { } flag)
            {
                var known = SopsFlags.All.Select(f => f.Long).Concat(["--version", "--help"]);
                return Fail(reporter, 1, UsageErrors.UnknownOption(name, null, known));
            }

            string? value = eq < 0 ? null : token[(eq + 1)..];
            if (flag.TakesValue && value is null)
            {
                if (i + 1 >= args.Length)
                {
                    return Fail(reporter, 1, $"option '{name}' needs a value");
                }

                value = args[++i];
            }

            given.Add(new Given(flag, token, value));
        }

        var rest = args[i..];
        if (rest.Length > 0 && SopsCli.IsCommand(rest[0]))
        {
            var subcommand = SopsCli.Create(rest[0], ctx);
            return Invocation.Run([rest[0], .. Globals(given), .. Carried(given, subcommand, reporter), .. rest[1..]], subcommand);
        }

        return Legacy(given, rest, ctx, reporter);
    }

    /// <summary>sops's app.Action (cmd/sops/main.go:1885): the top-level modes, decided by flags, for the file given.</summary>
    private static Invocation Legacy(List<Given> given, string[] rest, CliContext ctx, Reporter reporter)
    {
        var positional = rest.Length > 0 && rest[0] == "--" ? rest[1..] : rest;
        if (positional.Length == 0)
        {
            // main.go:1896. A bare `sopsnet` says how to get help too, since it is often typed to see it.
            return Fail(reporter, (int)SopsError.NoFileSpecified, $"no file specified; '{ctx.ProgramName} --help' lists the commands");
        }

        var file = positional[0];
        var exists = File.Exists(ctx.FullPath(file)) || Directory.Exists(ctx.FullPath(file));
        if (!exists && positional.Length > 1 && Suggestion.Nearest(file, SopsCli.CommandNames) is { } command)
        {
            // sops would open an editor on a new file named like the mistyped command; nobody wants that.
            return Fail(reporter, 1, $"unknown command '{file}'; did you mean '{command}'?");
        }

        // main.go:1886-1889: --set counts when it is not empty.
        bool Has(SopsFlag flag) => given.Any(g => g.Flag == flag && (flag.TakesValue ? g.Value is { Length: > 0 } : IsTrue(g)));
        var modes = new[] { SopsFlags.Encrypt, SopsFlags.Decrypt, SopsFlags.Rotate, SopsFlags.Set }.Where(Has).ToList();
        if (given.Any(g => g.Flag.Name == "in-place" && IsTrue(g)) && given.Any(g => g.Flag.Name == "output"))
        {
            return Fail(reporter, (int)SopsError.ConflictingParameters, "--in-place and --output cannot be used together"); // main.go:1900
        }

        if (!exists)
        {
            if (given.FirstOrDefault(g => g.Flag.ChangesKeys) is { } change)
            {
                // main.go:1909
                return Fail(reporter, (int)SopsError.CannotChangeKeysFromNonExistentFile,
                    $"{file}: cannot add or remove keys ({change.Flag.Long}) on a file that does not exist; to create it, give its keys with --age, --pgp, --kms, --gcp-kms, --azure-kv or --hc-vault-transit");
            }

            if (modes.Any(m => m != SopsFlags.Set))
            {
                return Fail(reporter, (int)SopsError.NoFileSpecified, $"{file}: no such file"); // main.go:1912
            }
        }

        if (modes.Count > 1)
        {
            // main.go:1939: sops runs each and keeps the output of the last, in this order.
            reporter.Warning($"more than one mode given ({string.Join(", ", modes.Select(m => m.Long))}); only {modes[^1].Long} is done");
        }

        var mode = modes.LastOrDefault();
        var name = mode == SopsFlags.Set ? "set" : mode == SopsFlags.Rotate ? "rotate" : mode == SopsFlags.Decrypt ? "decrypt" : mode == SopsFlags.Encrypt ? "encrypt" : "edit";
        var target = SopsCli.Create(name, ctx);
        var flags = given.Where(g => !modes.Contains(g.Flag)).ToList();
        if (mode != SopsFlags.Set)
        {
            return Invocation.Run([name, .. Globals(flags), .. Carried(flags, target, reporter), .. rest], target);
        }

        // main.go:2584 extractSetArguments: "<path> <json>", split after the first "] ".
        var set = given.Last(g => g.Flag == SopsFlags.Set).Value!;
        var cut = set.IndexOf("] ", StringComparison.Ordinal);
        if (cut < 0)
        {
            return Fail(reporter, (int)SopsError.InvalidSetFormat, "--set: expected '<path> <json value>', e.g. --set '[\"key\"] \"value\"'");
        }

        if (positional.Length > 1)
        {
            reporter.Warning($"more than one file given; only {file} is used");
        }

        return Invocation.Run(["set", .. Globals(flags), .. Carried(flags, target, reporter), "--", file, set[..(cut + 1)], set[(cut + 2)..]], target);
    }

    /// <summary>Global flags given before the subcommand go just after its name: each subcommand declares them all (see <see cref="Commands.GlobalOptions"/>).</summary>
    private static IEnumerable<string> Globals(List<Given> given) =>
        given.Where(g => IsGlobal(g.Flag)).SelectMany(g => g.Flag.TakesValue && !g.Token.Contains('=') ? new[] { g.Token, g.Value! } : [g.Token]);

    /// <summary>The flags the subcommand has too, in their long form; the others are reported and dropped.</summary>
    private static IEnumerable<string> Carried(List<Given> given, Command target, Reporter reporter)
    {
        foreach (var g in given.Where(g => !IsGlobal(g.Flag)))
        {
            if (target.Options.Any(o => o.Name == g.Flag.Long))
            {
                yield return g.Value is null ? g.Flag.Long : $"{g.Flag.Long}={g.Value}";
            }
            else
            {
                reporter.Warning($"{g.Flag.Long} has no effect on {target.Name}; ignored");
            }
        }
    }

    private static bool IsGlobal(SopsFlag flag) => Commands.GlobalOptions.IsGlobal(flag.Long);

    /// <summary>Go's bool flags take <c>--flag=false</c>.</summary>
    private static bool IsTrue(Given g) => g.Value is null || (Values.GoFormat.TryParseBool(g.Value, out var b) && b);

    private static Invocation Fail(Reporter reporter, int code, string message)
    {
        reporter.Error(message);
        return Invocation.Done(code);
    }
}
