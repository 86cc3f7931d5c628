using SopsNet.Cli.Config;
using SopsNet.Cli.Output;
using SopsNet.Stores;
using SopsNet.Stores.Binary;
using SopsNet.Stores.Dotenv;
using SopsNet.Stores.Ini;
using SopsNet.Stores.Json;
using SopsNet.Stores.Toml;
using SopsNet.Stores.Yaml;

namespace SopsNet.Cli.Commands;

/// <summary>
/// Picks a store the way sops does: an explicit --input-type/--output-type wins, otherwise the (override)
/// file name's suffix, case-sensitive; anything else is binary. TOML is ours (sops has no TOML store).
/// </summary>
public static class FileFormats
{
    public static string FromName(string? fileName) => Path.GetExtension(fileName ?? "") switch
    {
        ".yaml" or ".yml" => "yaml",
        ".json" => "json",
        ".env" => "dotenv",
        ".ini" => "ini",
        ".toml" => "toml",
        _ => "binary",
    };

    public static IStore Create(string type, SopsConfig config) => type switch
    {
        "yaml" => new YamlStore(config.YamlIndent),
        "json" => new JsonStore(config.JsonIndent),
        "dotenv" => new DotenvStore(),
        "ini" => new IniStore(),
        "binary" => new BinaryStore(config.JsonBinaryIndent),
        "toml" => new TomlStore(),
        _ => throw new SopsException(SopsError.Generic, $"unknown file type '{type}': expected yaml, json, dotenv, ini, toml or binary"),
    };
}
