using SopsNet.Stores;
using SopsNet.Stores.Binary;
using SopsNet.Stores.Dotenv;
using SopsNet.Stores.Ini;
using SopsNet.Stores.Json;
using SopsNet.Stores.Toml;
using SopsNet.Stores.Yaml;

namespace SopsNet.Documents;

/// <summary>
/// Picks a store the way sops does: an explicit type wins, otherwise the file name's suffix,
/// case-sensitive; anything else is binary. TOML is ours: sops has no TOML store and stores a <c>.toml</c>
/// file as binary (see <see cref="ForPlaintext"/> and <see cref="EncryptedFormat"/>).
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

    /// <summary>
    /// The store a plaintext of this type is encrypted with: <c>stores.toml.binary: true</c> in .sops.yaml
    /// (<paramref name="tomlAsBinary"/>) stores <c>.toml</c> files whole, as sops does, instead of value by value.
    /// </summary>
    /// <param name="named">The type the name (or --input-type) gives.</param>
    /// <param name="tomlAsBinary">The configuration's stores.toml.binary.</param>
    public static string ForPlaintext(string named, bool tomlAsBinary) => named == "toml" && tomlAsBinary ? "binary" : named;

    public static IStore Create(string type, StoreIndents? indents = null)
    {
        indents ??= StoreIndents.Default;
        return type switch
        {
            "yaml" => new YamlStore(indents.Yaml),
            "json" => new JsonStore(indents.Json),
            "dotenv" => new DotenvStore(),
            "ini" => new IniStore(),
            "binary" => new BinaryStore(indents.JsonBinary),
            "toml" => new TomlStore(),
            _ => throw new SopsException(SopsError.Generic, $"unknown file type '{type}': expected yaml, json, dotenv, ini, toml or binary"),
        };
    }
}
