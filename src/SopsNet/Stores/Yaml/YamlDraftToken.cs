namespace SopsNet.Stores.Yaml;

/// <summary>
/// A content token (key, scalar, alias, closing flow bracket) with the collection and item it belongs
/// to: comment placement looks for the tokens around a comment.
/// </summary>
internal sealed record YamlDraftToken(int Start, int End, YamlDraftCollection Owner, YamlDraftItem? Item);
