using System.CommandLine;

namespace SopsNet.Cli.Commands;

/// <summary>Options many commands take, declared once (each command gets its own instance).</summary>
public static class SharedOptions
{
    private const string Formats = "yaml, json, dotenv, ini, toml or binary";

    public static Option<string?> InputType() =>
        new("--input-type") { Description = $"{Formats}; otherwise taken from the file name" };

    public static Option<string?> OutputType() =>
        new("--output-type") { Description = $"{Formats}; otherwise the input type" };

    public static Option<string?> DecryptionOrder() =>
        new("--decryption-order") { Description = "comma-separated key types to try first (env SOPS_DECRYPTION_ORDER; default age,pgp)" };
}
