namespace SopsNet.Stores.Yaml;

/// <summary>
/// Where a mapping entry came from: its key token, the end of the <c>:</c> indicator and the end of
/// the whole entry, so that a value replaced by a node of another shape can be re-emitted after the
/// colon.
/// </summary>
internal sealed record YamlPairSource(YamlFileSource File, string Key, int KeyStart, int KeyEnd, int ColonEnd, int ItemEnd, int KeyColumn, bool InFlow);
