using YamlDotNet.Core.Events;
using YamlScalarEvent = YamlDotNet.Core.Events.Scalar;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// YAML forbids tabs in block indentation and go-yaml (so sops) refuses them; YamlDotNet accepts some, and
/// a file sops cannot read must not be encrypted. Inside a flow collection a tab is separation, as go-yaml's
/// scanner treats it (real sops files hold JSON-style <c>{</c> mappings indented with tabs). The one tab
/// go-yaml still refuses there, after a line break that follows a plain scalar and left of the block's
/// indentation, YamlDotNet's scanner (a port of the same libyaml code) refuses too. Events are checked in
/// order, so the nesting of flow collections is followed here.
/// </summary>
internal sealed class YamlIndentation(string text)
{
    private const string Message = "invalid yaml: a tab character is used for indentation";

    /// <summary>How many flow collections enclose the current event (a block collection cannot be inside one).</summary>
    private int flowDepth;

    public void Check(ParsingEvent ev)
    {
        if (flowDepth == 0)
        {
            RejectTabs(ev);
        }

        switch (ev)
        {
            case MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow }:
                flowDepth++;
                break;
            case MappingEnd or SequenceEnd when flowDepth > 0:
                flowDepth--;
                break;
        }
    }

    private void RejectTabs(ParsingEvent ev)
    {
        if (ev is not (YamlScalarEvent or MappingStart or SequenceStart) || ev.Start.Index >= text.Length)
        {
            return;
        }

        // Indentation is what precedes a node on its line when that is only blanks and indicators: walking
        // back over those alone finds it without going back to the line start for every node, which made
        // a long flow collection on one line (a minified file) quadratic.
        var start = (int)ev.Start.Index;
        var lineStart = start;
        while (lineStart > 0 && text[lineStart - 1] is ' ' or '	' or '-' or '?' or ':')
        {
            lineStart--;
        }

        // A lone CR is a line break too (YAML 1.2; see YamlText.IsBreak).
        if (start == lineStart || (lineStart > 0 && !YamlText.IsBreak(text[lineStart - 1])))
        {
            return;
        }

        var indentation = text.AsSpan(lineStart, start - lineStart);
        if (indentation.Contains('\t') && indentation.IndexOf('\t') < FirstIndicator(indentation))
        {
            throw new StoreException(Message, (int)ev.Start.Line, indentation.IndexOf('\t') + 1);
        }
    }

    /// <summary>Where the indentation proper ends: tabs after a "- " or "? " or ": " indicator are separation, not indentation.</summary>
    private static int FirstIndicator(ReadOnlySpan<char> indentation)
    {
        var i = indentation.IndexOfAny("-?:");
        return i < 0 ? indentation.Length : i;
    }
}
