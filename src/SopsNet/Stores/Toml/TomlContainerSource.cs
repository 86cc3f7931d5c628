namespace SopsNet.Stores.Toml;

/// <summary>Marks a mapping or sequence as coming from the original, so the writer can tell new containers from old ones.</summary>
internal sealed record TomlContainerSource(TomlOriginal Original);
