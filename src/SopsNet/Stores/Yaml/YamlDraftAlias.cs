namespace SopsNet.Stores.Yaml;

/// <summary>An alias, expanded into a copy of <see cref="Target"/> when converted.</summary>
internal sealed class YamlDraftAlias : YamlDraftNode
{
    public required YamlDraftNode Target { get; init; }

    public required YamlAliasSource Source { get; init; }
}
