using SopsNet.Tree;

namespace SopsNet.Stores.Toml;

/// <summary>
/// A table while the document is being read: TOML lets a table gain keys from several places (its
/// header, dotted keys, sub-table headers), so it stays open until the whole file is read. Items are
/// <see cref="TomlEntry"/>s and <see cref="Comment"/>s in document order.
/// </summary>
internal sealed class TomlTable
{
    public List<object> Items { get; } = [];

    public Dictionary<string, TomlEntry> Entries { get; } = [];

    /// <summary>
    /// Whether a <c>[header]</c> or dotted keys defined the table; neither when it only exists as the
    /// parent of a header. TOML defines a table once: a second header, a header for a table of dotted keys,
    /// or dotted keys into a table that has its header elsewhere are errors.
    /// </summary>
    public bool DefinedByHeader { get; set; }

    public bool DefinedByDottedKeys { get; init; }

    public TomlEntry Add(string key, object value, TomlValueSource? slot = null)
    {
        var entry = new TomlEntry(key, value) { Slot = slot };
        Items.Add(entry);
        Entries[key] = entry;
        return entry;
    }
}
