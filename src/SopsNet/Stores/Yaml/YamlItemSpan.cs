namespace SopsNet.Stores.Yaml;

/// <summary>
/// One original item of a collection: the item's source (pair, value or comment source, compared by
/// reference), its extent, and whether it starts its line (only such block items can be cut out as
/// whole lines).
/// </summary>
internal sealed record YamlItemSpan(object Source, int Start, int End, bool StartsLine);
