using SopsNet.Files.Config;

namespace SopsNet.Cli.Commands;

/// <summary>Loads .sops.yaml for a command, with --indent applied over the stores settings.</summary>
internal static class Settings
{
    public static SopsConfig LoadConfig(CliContext ctx, string? configFlag, int? indent)
    {
        var explicitPath = configFlag ?? ctx.Env("SOPS_CONFIG");
        var config = ConfigLoader.Load(explicitPath is null ? null : ctx.FullPath(explicitPath), ctx.CurrentDirectory, KeyProviders.Services);
        return indent is { } n ? config with { YamlIndent = n, JsonIndent = n, JsonBinaryIndent = n } : config;
    }
}
