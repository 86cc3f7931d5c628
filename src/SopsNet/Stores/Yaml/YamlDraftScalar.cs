using SopsNet.Tree;

namespace SopsNet.Stores.Yaml;

/// <summary>A parsed scalar: the typed node (with its source) and the raw text YamlDotNet decoded.</summary>
internal sealed class YamlDraftScalar : YamlDraftNode
{
    public required Scalar Scalar { get; init; }

    public required string RawValue { get; init; }

    public bool IsPlainUntagged { get; init; }

    /// <summary>End of the scalar's token for comment placement: a block scalar's token runs to the end of its body.</summary>
    public int TokenEnd => Scalar.Source is YamlScalarSource { IsBlock: true } s ? Math.Max(s.BodyEnd, End) : End;
}
