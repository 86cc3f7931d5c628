using SopsNet.Tree;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// Where a scalar value came from. Non-block tokens span [<see cref="Start"/>, <see cref="End"/>);
/// block scalars are edited as a header [<see cref="Start"/>, <see cref="HeaderEnd"/>) and a body
/// [<see cref="BodyStart"/>, <see cref="BodyEnd"/>) so that a comment on the header line survives.
/// <see cref="Original"/> is the value as parsed: an unchanged value is never re-rendered.
/// </summary>
internal sealed record YamlScalarSource(YamlFileSource File, int Start, int End, YamlScalarStyle Style, bool InFlow, Scalar Original)
{
    /// <summary>YamlDotNet's full tag (e.g. <c>tag:yaml.org,2002:int</c> or <c>!Ref</c>), null when untagged.</summary>
    public string? Tag { get; init; }

    /// <summary>Span of the tag text plus the blanks after it, -1 when untagged.</summary>
    public int TagStart { get; init; } = -1;

    public int TagEnd { get; init; } = -1;

    /// <summary>Column of the owning key or <c>-</c> (block content of a new literal goes one indent deeper).</summary>
    public int OwnerIndent { get; init; }

    /// <summary>Column of a block scalar's content lines.</summary>
    public int ContentIndent { get; init; }

    public int HeaderEnd { get; init; }

    public int BodyStart { get; init; }

    public int BodyEnd { get; init; }

    public int Line { get; init; }

    public int Column { get; init; }

    public string Path { get; init; } = "";

    public bool IsBlock => Style is YamlScalarStyle.Literal or YamlScalarStyle.Folded;
}
