namespace SopsNet.Stores.Yaml;

/// <summary>
/// An alias (<c>*name</c>) that was expanded into a copy of its anchored node: sops gives every copy
/// its own path (and therefore its own ciphertext), so the alias token is always replaced by a fresh
/// rendering of the copy.
/// </summary>
internal sealed record YamlAliasSource(YamlFileSource File, int Start, int End, bool InFlow, int OwnerIndent);
