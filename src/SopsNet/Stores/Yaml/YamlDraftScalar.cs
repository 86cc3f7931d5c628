using SopsNet.Tree;

namespace SopsNet.Stores.Yaml;

/// <summary>A parsed scalar: the typed node (with its source) and the raw text YamlDotNet decoded.</summary>
internal sealed class YamlDraftScalar : YamlDraftNode
{
    public required Scalar Scalar { get; init; }

    public required string RawValue { get; init; }

    public bool IsPlainUntagged { get; init; }
}
