using YamlDotNet.Core.Events;
using YamlScalarEvent = YamlDotNet.Core.Events.Scalar;

namespace SopsNet.Stores.Yaml;

internal static class YamlIndentation
{
    /// <summary>
    /// YAML forbids tabs in indentation and go-yaml (so sops) refuses them; YamlDotNet accepts some, and a
    /// file sops cannot read must not be encrypted.
    /// </summary>
    public static void RejectTabs(string text, ParsingEvent ev)
    {
        if (ev is not (YamlScalarEvent or MappingStart or SequenceStart) || ev.Start.Index >= text.Length)
        {
            return;
        }

        var start = (int)ev.Start.Index;
        var lineStart = YamlText.LineStart(text, start);
        if (start <= lineStart)
        {
            return;
        }

        var indentation = text.AsSpan(lineStart, start - lineStart);
        if (indentation.Contains('\t') && indentation.TrimStart(" \t-?:").IsEmpty && indentation.IndexOf('\t') < FirstIndicator(indentation))
        {
            throw new StoreException("invalid yaml: a tab character is used for indentation", (int)ev.Start.Line, indentation.IndexOf('\t') + 1);
        }
    }

    /// <summary>Where the indentation proper ends: tabs after a "- " or "? " or ": " indicator are separation, not indentation.</summary>
    private static int FirstIndicator(ReadOnlySpan<char> indentation)
    {
        var i = indentation.IndexOfAny("-?:");
        return i < 0 ? indentation.Length : i;
    }
}
