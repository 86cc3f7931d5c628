namespace SopsNet.Stores.Flat;

/// <summary>
/// One flattened metadata line as read from a file: the key without the store's prefix (dotenv's
/// <c>sops_</c>; INI has none inside <c>[sops]</c>), the value with <c>\n</c> escapes already turned into
/// newlines, and where the key starts (1-based) for error messages.
/// </summary>
internal sealed record FlatEntry(string Key, string Value, int Line, int Column);
