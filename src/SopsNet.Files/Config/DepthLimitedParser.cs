using SopsNet.Stores;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace SopsNet.Files.Config;

/// <summary>
/// YamlDotNet's representation model recurses once per level of the YAML it loads, so a .sops.yaml nested
/// 100,000 levels deep (say, in a cloned repository) killed the process with a stack overflow; this
/// parser stops at the level the stores stop at, as a YAML error with its position.
/// </summary>
internal sealed class DepthLimitedParser(IParser inner) : IParser
{
    private int levels;

    public ParsingEvent? Current => inner.Current;

    public bool MoveNext()
    {
        if (!inner.MoveNext())
        {
            return false;
        }

        var ev = inner.Current!;
        if (ev is MappingEnd or SequenceEnd)
        {
            levels--;
        }
        else if (ev is MappingStart or SequenceStart && ++levels > NestingLimit.MaxLevels)
        {
            throw new YamlException(ev.Start, ev.End, $"nesting is deeper than {NestingLimit.MaxLevels} levels");
        }

        return true;
    }
}
