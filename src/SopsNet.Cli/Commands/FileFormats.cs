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
/// file name's suffix, case-sensitive; anything else is binary. TOML is ours: sops has no TOML store and
/// stores a <c>.toml</c> file as binary (see <see cref="ForPlaintext"/> and <see cref="EncryptedFormat"/>).
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
    /// stores <c>.toml</c> files whole, as sops does, instead of value by value.
    /// </summary>
    public static string ForPlaintext(string named, SopsConfig config) => named == "toml" && config.TomlAsBinary ? "binary" : named;

    /// <summary>
    /// Encrypting a <c>.toml</c> value by value makes a file sops cannot read (sops stores <c>.toml</c> as
    /// binary); said once the file is written, when the name chose TOML rather than --input-type.
    /// </summary>
    public static void WarnIfSopsCannotRead(FileJob job, Reporter reporter)
    {
        if (job.InStore is TomlStore && job.Options.InputType is null)
        {
            reporter.Warning($"{job.Input.DisplayName}: encrypted as sopsnet's value-level toml, which sops cannot read (sops stores .toml files whole, as binary); for a file sops can decrypt use --input-type binary, or set stores.toml.binary: true in .sops.yaml");
        }
    }

    public static IStore Create(string type, SopsConfig config) => type switch
    {
        "yaml" => new YamlStore(config.YamlIndent),
        "json" => new JsonStore(config.JsonIndent),
        "dotenv" => new DotenvStore(),
        "ini" => new IniStore(),
        "binary" => new BinaryStore(config.JsonBinaryIndent),
        "toml" => new TomlStore(),
        _ => throw new CliException(SopsError.Generic, $"unknown file type '{type}': expected yaml, json, dotenv, ini, toml or binary"),
    };
}
