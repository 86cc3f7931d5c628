using System.CommandLine;
using SopsNet.Cli.Output;

namespace SopsNet.Cli.Commands;

/// <summary>Options many commands take, declared once (each command gets its own instance), and sops's checks of the file arguments.</summary>
internal static class SharedOptions
{
    private const string Formats = "yaml, json, dotenv, ini, toml or binary";

    public static Option<string?> InputType() =>
        new("--input-type") { Description = $"{Formats}; otherwise taken from the file name" };

    public static Option<string?> OutputType() =>
        new("--output-type") { Description = $"{Formats}; otherwise the input type" };

    /// <summary>
    /// sops takes the first file and warns about the others (cmd/sops/main.go:62 warnMoreThanOnePositionalArgument),
    /// so a stray word does not fail a script; the same here.
    /// </summary>
    public static string? FirstFile(string[]? files, CliContext ctx)
    {
        if (files is { Length: > 1 })
        {
            new Reporter(ctx.StandardError).Warning($"more than one file given; only {files[0]} is used");
        }

        return files is { Length: > 0 } ? files[0] : null;
    }

    /// <summary>decrypt, encrypt and sops's top-level modes check the file first and exit 100 (cmd/sops/main.go:844, 1035, 1912); other commands fail reading it (exit 2).</summary>
    public static void RequireExisting(CliContext ctx, string? file)
    {
        if (file is not null && !File.Exists(ctx.FullPath(file)) && !Directory.Exists(ctx.FullPath(file)))
        {
            throw new SopsException(SopsError.NoFileSpecified, "no such file");
        }
    }
}
