using YamlDotNet.Core.Events;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// What keeps a small hostile file from exhausting the stack or memory, counted while the events are
/// read, before anything is built from them: nesting (<see cref="NestingLimit"/>) and alias expansion.
/// </summary>
/// <remarks>
/// Aliases are bounded as go-yaml v3 bounds them (decode.go: decodeCount, aliasCount, allowedAliasRatio),
/// which sops inherits because it decodes every plaintext and encrypted file into a map first: each node
/// decoded counts once, each node decoded again through an alias counts as an alias decode too, and a
/// document whose share of alias decodes grows past the allowed ratio is "excessive aliasing". An alias
/// adds the size of its anchored node, known by then, so a 342-byte "billion laughs" is refused before
/// a single copy is made.
/// </remarks>
internal sealed class YamlLimits
{
    // go-yaml's alias_ratio_range_low and _high: up to 400,000 decodes 99% may come from aliases, from
    // 4,000,000 on only 10%, and in between the ratio falls linearly (about 400,000 alias decodes).
    private const long RangeLow = 400_000;
    private const long RangeHigh = 4_000_000;

    private int levels;
    private long aliasDecodes;

    /// <summary>Nodes decoded in this document, aliases expanded; the size of a node is the difference across it.</summary>
    public long Decodes { get; private set; }

    /// <summary>Counts the collections open; true when <paramref name="ev"/> opens one too many.</summary>
    public bool TooDeep(ParsingEvent ev)
    {
        if (ev is MappingEnd or SequenceEnd)
        {
            levels--;
        }

        return ev is MappingStart or SequenceStart && ++levels > NestingLimit.MaxLevels;
    }

    /// <summary>go-yaml has one decoder, so one count, per document.</summary>
    public void StartDocument()
    {
        Decodes = 0;
        aliasDecodes = 0;
    }

    /// <summary>One node decoded (the document, a collection, a key or a scalar).</summary>
    public void Decode(ParsingEvent ev)
    {
        Decodes++;
        CheckAliasing(ev);
    }

    /// <summary>An alias: the alias node itself, then every node of its anchored node again.</summary>
    public void Expand(AnchorAlias alias, long anchoredDecodes)
    {
        Decode(alias);

        // Within one expansion the share of alias decodes only grows and the allowed ratio only falls,
        // so checking once at its end is go-yaml's check at every node.
        Decodes += anchoredDecodes;
        aliasDecodes += anchoredDecodes;
        CheckAliasing(alias);
    }

    private void CheckAliasing(ParsingEvent at)
    {
        if (aliasDecodes > 100 && Decodes > 1000 && (double)aliasDecodes / Decodes > AllowedRatio(Decodes))
        {
            throw new StoreException("invalid yaml: the document contains excessive aliasing (its aliases expand to too many nodes)",
                (int)at.Start.Line, (int)at.Start.Column);
        }
    }

    private static double AllowedRatio(long decodes) => decodes switch
    {
        <= RangeLow => 0.99,
        >= RangeHigh => 0.10,
        _ => 0.99 - (0.89 * (decodes - RangeLow) / (RangeHigh - RangeLow)),
    };
}
