using SopsNet.Tree;
using YamlDotNet.Core;
using YamlScalarEvent = YamlDotNet.Core.Events.Scalar;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// One scalar event to a typed node with its source: the token span behind any anchor or tag, the
/// block scalar geometry (header, body, content indentation), go-yaml typing, and the warnings for
/// values that will not come back byte for byte.
/// </summary>
internal sealed class YamlScalarParser(string text, YamlFileSource file, int indent, List<StoreWarning> warnings)
{
    public YamlDraftScalar Parse(YamlScalarEvent s, string path, int ownerIndent, bool inFlow)
    {
        var propsStart = Math.Min((int)s.Start.Index, text.Length);
        var end = Math.Clamp((int)s.End.Index, propsStart, text.Length);
        var start = propsStart;
        int tagStart = -1, tagEnd = -1;
        if (!s.Anchor.IsEmpty || !s.Tag.IsEmpty)
        {
            SkipProperties(ref start, end, ref tagStart, ref tagEnd);
        }

        var style = s.Style switch
        {
            ScalarStyle.SingleQuoted => YamlScalarStyle.SingleQuoted,
            ScalarStyle.DoubleQuoted => YamlScalarStyle.DoubleQuoted,
            ScalarStyle.Literal => YamlScalarStyle.Literal,
            ScalarStyle.Folded => YamlScalarStyle.Folded,
            _ => YamlScalarStyle.Plain,
        };
        var line = (int)s.Start.Line;
        var column = (int)s.Start.Column;
        var tag = s.Tag.IsEmpty ? null : s.Tag.Value;
        var resolved = tag is null or "!"
            ? style == YamlScalarStyle.Plain
                ? GoYamlResolver.ResolvePlain(s.Value, line, column, path)
                : new YamlResolvedScalar(ScalarKind.String, s.Value)
            : GoYamlResolver.ResolveTagged(tag, s.Value, line, column, path);
        if (resolved.Change is not null)
        {
            warnings.Add(new StoreWarning(line, column, path, resolved.Change));
        }

        var original = new Scalar(resolved.Kind, resolved.Text) { Raw = resolved.Raw };
        var source = new YamlScalarSource(file, start, end, style, inFlow, original)
        {
            Tag = tag,
            TagStart = tagStart,
            TagEnd = tagEnd,
            OwnerIndent = ownerIndent,
            Line = line,
            Column = column,
            Path = path,
        };
        var contentEnd = end;
        if (source.IsBlock)
        {
            source = WithBlockGeometry(source, s.Value, ownerIndent, out contentEnd);
        }

        var node = original with { Source = source };
        if (node.Kind == ScalarKind.String && resolved.Change is null)
        {
            var problem = YamlScalarRenderer.RoundTripProblem(node, source);
            if (problem is not null)
            {
                warnings.Add(new StoreWarning(line, column, path, problem));
            }
        }

        return new YamlDraftScalar
        {
            Scalar = node,
            RawValue = s.Value,
            IsPlainUntagged = style == YamlScalarStyle.Plain && tag is null,
            Start = propsStart,
            End = contentEnd,
            Line = line,
            Column = column,
            Path = path,
        };
    }

    private void SkipProperties(ref int i, int end, ref int tagStart, ref int tagEnd)
    {
        while (i < end && (text[i] == '&' || text[i] == '!'))
        {
            var isTag = text[i] == '!';
            if (isTag)
            {
                tagStart = i;
            }

            if (isTag && i + 1 < end && text[i + 1] == '<')
            {
                while (i < end && text[i] != '>')
                {
                    i++;
                }

                i = Math.Min(i + 1, end);
            }
            else
            {
                while (i < end && !char.IsWhiteSpace(text[i]))
                {
                    i++;
                }
            }

            while (i < end && char.IsWhiteSpace(text[i]))
            {
                i++;
            }

            if (isTag)
            {
                tagEnd = i;
            }
        }
    }

    private YamlScalarSource WithBlockGeometry(YamlScalarSource source, string value, int ownerIndent, out int contentEnd)
    {
        var start = source.Start;
        var end = source.End;
        var headerEnd = start + 1;
        var digit = 0;
        var keep = false;
        while (headerEnd < end && (char.IsAsciiDigit(text[headerEnd]) || text[headerEnd] is '+' or '-'))
        {
            if (char.IsAsciiDigit(text[headerEnd]))
            {
                digit = text[headerEnd] - '0';
            }

            keep |= text[headerEnd] == '+';
            headerEnd++;
        }

        var bodyStart = Math.Min(YamlText.AfterLine(text, headerEnd), end);
        // A body of blank lines only has no text line to measure: the header's indicator, when there is one,
        // is the indentation the written value must use, or it would be read back with leading spaces.
        var contentIndent = ownerIndent + (digit > 0 ? digit : indent);
        for (var ls = bodyStart; ls < end; ls = YamlText.AfterLine(text, ls))
        {
            var le = YamlText.LineEnd(text, ls);
            var lineText = text[ls..le];
            if (lineText.Trim(' ').Length == 0)
            {
                continue;
            }

            var spaces = lineText.Length - lineText.TrimStart(' ').Length;
            contentIndent = digit == 0 ? spaces : IndentFromValue(lineText, spaces, value, ownerIndent + digit);
            break;
        }

        var bodyEnd = bodyStart;
        contentEnd = headerEnd;
        for (var ls = bodyStart; ls < end; ls = YamlText.AfterLine(text, ls))
        {
            var le = YamlText.LineEnd(text, ls);
            var lineText = text[ls..le];
            if (lineText.Length > contentIndent || lineText.Trim(' ').Length > 0)
            {
                bodyEnd = Math.Min(YamlText.AfterLine(text, ls), end);
                contentEnd = le;
            }
        }

        if (keep)
        {
            // With keep chomping the trailing blank lines are part of the value, so the token (and the
            // item holding it) ends after them: whatever follows it, such as the sops block, goes there.
            bodyEnd = end;
            contentEnd = Math.Max(contentEnd, bodyEnd);
        }

        return source with { HeaderEnd = headerEnd, BodyStart = bodyStart, BodyEnd = bodyEnd, ContentIndent = contentIndent };
    }

    /// <summary>With an indentation indicator the content may start with spaces: find where the value's text begins.</summary>
    private static int IndentFromValue(string lineText, int spaces, string value, int fallback)
    {
        var v = value.TrimStart('\n');
        for (var k = 0; k <= spaces; k++)
        {
            if (v.StartsWith(lineText[k..], StringComparison.Ordinal))
            {
                return k;
            }
        }

        return fallback;
    }
}
