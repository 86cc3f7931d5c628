using SopsNet.Cli.Config;
using SopsNet.Cli.Output;
using SopsNet.Stores;
using SopsNet.Stores.Dotenv;
using SopsNet.Stores.Ini;
using SopsNet.Stores.Json;
using SopsNet.Stores.Yaml;

namespace SopsNet.Cli.Commands;

/// <summary>
/// Picks a store the way sops does: an explicit --input-type/--output-type wins, otherwise the (override)
/// file name's suffix, case-sensitive; anything else is binary.
/// </summary>
public static class FileFormats
{
    public static string FromName(string? fileName) => Path.GetExtension(fileName ?? "") switch
    {
        ".yaml" or ".yml" => "yaml",
        ".json" => "json",
        ".env" => "dotenv",
        ".ini" => "ini",
        _ => "binary",
    };

    public static IStore Create(string type, SopsConfig config) => type switch
    {
        "yaml" => new YamlStore(config.YamlIndent),
        "json" => new JsonStore(config.JsonIndent),
        "dotenv" => new DotenvStore(),
        "ini" => new IniStore(),
        "binary" => throw new CliException(SopsError.Generic,
            $"{type} files are not supported yet; give --input-type yaml or json if the content is yaml or json"),
        _ => throw new CliException(SopsError.Generic, $"unknown file type '{type}': expected yaml, json, dotenv, ini or binary"),
    };
}
