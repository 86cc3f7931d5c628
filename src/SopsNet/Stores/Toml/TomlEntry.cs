using SopsNet.Tree;

namespace SopsNet.Stores.Toml;

/// <summary>
/// A key of a <see cref="TomlTable"/>; its value is an open <see cref="TomlTable"/>, a list of them
/// (an array of tables), or a finished node (a scalar, an array, an inline table).
/// </summary>
internal sealed class TomlEntry(string key, object value)
{
    public string Key { get; } = key;

    public object Value { get; } = value;

    /// <summary>The value's place in the original, when it is a scalar (see <see cref="TomlValueSource"/>).</summary>
    public TomlValueSource? Slot { get; init; }
}
