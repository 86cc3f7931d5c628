using SopsNet.Tree;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// A typed scalar: its kind, the spelling that goes into the ciphertext, and, when that spelling had
/// to differ from the source token, a message for a warning (never containing the value).
/// </summary>
internal sealed record YamlResolvedScalar(ScalarKind Kind, string Text, string? Change = null, byte[]? Raw = null);
