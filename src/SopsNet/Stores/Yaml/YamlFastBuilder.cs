// Over 400 lines on purpose: the block, flow and block-text readers share one cursor and the draft
// stack of a single pass; split apart they would pass that state around on the hot path.
namespace SopsNet.Stores.Yaml;

/// <summary>
/// Speed: builds the drafts of the common shape of config and sops files in one pass over the text,
/// without YamlDotNet's scanner, parser and event objects (which were most of the time of decrypting a
/// large file): one document of block mappings and sequences, one-line plain and quoted scalars, one-line
/// flow sequences of scalars, literal block scalars (the sops block's age and PGP keys) and comments,
/// LF line breaks only. It produces exactly the drafts <see cref="YamlTreeBuilder"/> builds from
/// YamlDotNet's events for such a file (same spans, lines, columns, tokens and comment positions).
/// At the first thing outside that subset, or anything that might be an error, it gives up and the
/// caller reads the whole file with YamlDotNet, which stays the validator: this never reports an error,
/// so it must accept only text YamlDotNet reads without one.
/// </summary>
internal sealed class YamlFastBuilder
{
    /// <summary>Deeper files are rare; the YamlDotNet path checks the nesting limit.</summary>
    private const int MaxDepth = 64;

    private readonly string text;
    private readonly YamlScalarParser scalars;
    private readonly YamlDraftDocument document = new() { Start = 0, ContentStart = 0 };

    /// <summary>The current content line: its first non-blank character (text.Length at the end), start and 1-based number.</summary>
    private int pos;
    private int lineStart;
    private int line = 1;

    private YamlFastBuilder(string text, YamlFileSource file, int indent, List<StoreWarning> warnings)
    {
        this.text = text;
        scalars = new YamlScalarParser(text, file, indent, warnings);
    }

    /// <summary>The drafts of the file, or null when it is not in the subset read here.</summary>
    public static List<YamlDraftDocument>? TryBuild(string text, YamlFileSource file, int indent, List<StoreWarning> warnings)
    {
        if (!YamlFastScalars.HasOnlySimpleCharacters(text))
        {
            return null;
        }

        var own = new List<StoreWarning>();
        var builder = new YamlFastBuilder(text, file, indent, own);
        if (!builder.TryBuildDocument())
        {
            return null;
        }

        warnings.AddRange(own);
        return [builder.document];
    }

    private bool TryBuildDocument()
    {
        try
        {
            NextContentLine(currentLineRead: false);
            if (pos >= text.Length || pos != lineStart)
            {
                return false; // empty, or a root indented: rare, left to YamlDotNet
            }

            document.Root = ParseMapping(null, null, "", 0);
            return pos >= text.Length;
        }
        catch (GiveUp)
        {
            return false;
        }
    }

    private YamlDraftCollection ParseMapping(YamlDraftCollection? parent, YamlDraftItem? parentItem, string path, int depth)
    {
        var collection = StartBlockCollection(isMapping: true, parent, path, depth);
        var column = collection.ItemColumn;
        HashSet<string>? keys = null;
        var height = 0;
        while (true)
        {
            var keyStart = pos;
            var colon = YamlFastScalars.KeyColon(text, keyStart);
            if (colon < 0)
            {
                throw GiveUp.Instance;
            }

            var key = text[keyStart..colon];
            if (IsDuplicate(collection.Items, ref keys, key))
            {
                throw GiveUp.Instance; // YamlDotNet's path reports the duplicate
            }

            var item = new YamlDraftItem
            {
                Key = key,
                Start = keyStart,
                SortPos = keyStart,
                StartsLine = YamlText.StartsLine(text, keyStart), // not after a sequence item's dash
                KeyStart = keyStart,
                KeyEnd = colon,
                ColonEnd = colon + 1,
                KeyColumn = column,
            };
            collection.Items.Add(item);
            document.Tokens.Add(new YamlDraftToken(keyStart, colon, collection, item));
            item.Value = ParseValue(collection, item, YamlText.ChildPath(path, key), depth + 1, column, colon + 1);
            height = Math.Max(height, item.Value.Height);
            if (pos >= text.Length || pos - lineStart < column)
            {
                break;
            }

            if (pos - lineStart > column)
            {
                throw GiveUp.Instance;
            }
        }

        collection.Height = 1 + height;
        return collection;
    }

    /// <summary>A block mapping or sequence that starts at the cursor.</summary>
    private YamlDraftCollection StartBlockCollection(bool isMapping, YamlDraftCollection? parent, string path, int depth)
    {
        var column = pos - lineStart;
        var collection = new YamlDraftCollection
        {
            IsMapping = isMapping,
            Flow = false,
            Parent = parent,
            Depth = depth,
            Start = pos,
            Line = line,
            Column = column + 1,
            Path = path,
            ItemColumn = column,
        };
        document.Collections.Add(collection);
        return collection;
    }

    private YamlDraftCollection ParseSequence(YamlDraftCollection parent, YamlDraftItem parentItem, string path, int depth)
    {
        var collection = StartBlockCollection(isMapping: false, parent, path, depth);
        var column = collection.ItemColumn;
        var height = 0;
        var index = 0;
        while (true)
        {
            var dash = pos;
            var valueStart = SkipSpaces(dash + 1);
            if (!IsDashItem(dash) || valueStart >= text.Length || text[valueStart] is '\n' or '#' || IsDashItem(valueStart))
            {
                throw GiveUp.Instance; // an empty item or a nested sequence on one line
            }

            var item = new YamlDraftItem();
            collection.Items.Add(item);
            var itemPath = string.Concat(path, "[", index++.ToString(System.Globalization.CultureInfo.InvariantCulture), "]");
            if (YamlFastScalars.KeyColon(text, valueStart) >= 0)
            {
                pos = valueStart;
                CheckDepth(depth + 1);
                item.Value = ParseMapping(collection, item, itemPath, depth + 1);
            }
            else
            {
                item.Value = ParseInlineValue(collection, item, itemPath, depth + 1, column, valueStart);
            }

            item.Start = dash;
            item.SortPos = dash;
            item.StartsLine = true;
            height = Math.Max(height, item.Value.Height);
            if (pos >= text.Length || pos - lineStart < column || (pos - lineStart == column && !IsDashItem(pos)))
            {
                break;
            }

            if (pos - lineStart > column)
            {
                throw GiveUp.Instance;
            }
        }

        collection.Height = 1 + height;
        return collection;
    }

    /// <summary>
    /// Speed: most mappings have a few keys, and a hash set per mapping (grown three times on the way
    /// to ten keys) cost more than reading them; a set is built only for a long mapping.
    /// </summary>
    private static bool IsDuplicate(List<YamlDraftItem> items, ref HashSet<string>? keys, string key)
    {
        if (keys is null && items.Count < 16)
        {
            foreach (var item in items)
            {
                if (item.Key == key)
                {
                    return true;
                }
            }

            return false;
        }

        keys ??= new HashSet<string>(items.Select(i => i.Key!), StringComparer.Ordinal);
        return !keys.Add(key);
    }

    /// <summary>The value after a key's colon: on the same line, or a nested block collection on the lines below.</summary>
    private YamlDraftNode ParseValue(YamlDraftCollection parent, YamlDraftItem item, string path, int depth, int ownerIndent, int afterColon)
    {
        var i = SkipSpaces(afterColon);
        if (i < text.Length && text[i] != '\n' && text[i] != '#')
        {
            return ParseInlineValue(parent, item, path, depth, ownerIndent, i);
        }

        EndLine(afterColon);
        NextContentLine();
        var column = pos - lineStart;
        CheckDepth(depth);
        if (pos < text.Length && column >= ownerIndent && IsDashItem(pos))
        {
            // A block sequence may sit at its key's column.
            return ParseSequence(parent, item, path, depth);
        }

        if (pos < text.Length && column > ownerIndent)
        {
            return ParseMapping(parent, item, path, depth);
        }

        throw GiveUp.Instance; // an empty (null) value
    }

    /// <summary>A scalar or flow sequence starting at <paramref name="at"/> on the current line; moves to the next content line.</summary>
    private YamlDraftNode ParseInlineValue(YamlDraftCollection parent, YamlDraftItem item, string path, int depth, int ownerIndent, int at)
    {
        if (text[at] == '[')
        {
            CheckDepth(depth);
            var flow = ParseFlowSequence(parent, item, path, depth, at);
            EndLine(flow.FlowEnd);
            NextContentLine();
            return flow;
        }

        var scalar = text[at] == '|' ? LiteralScalar(at, ownerIndent) : InlineScalar(at, inFlow: false);
        var node = scalars.Parse(scalar, path, ownerIndent, inFlow: false);
        document.Tokens.Add(new YamlDraftToken(node.Start, node.TokenEnd, parent, item));
        if (scalar.Style == YamlScalarStyle.Literal)
        {
            NextContentLine(currentLineRead: false);
        }
        else
        {
            EndLine(scalar.End);
            NextContentLine();
        }

        return node;
    }

    private YamlDraftCollection ParseFlowSequence(YamlDraftCollection parent, YamlDraftItem parentItem, string path, int depth, int open)
    {
        var collection = new YamlDraftCollection
        {
            IsMapping = false,
            Flow = true,
            Parent = parent,
            Depth = depth,
            Start = open,
            Line = line,
            Column = open - lineStart + 1,
            Path = path,
            ItemColumn = open - lineStart,
        };
        document.Collections.Add(collection);
        var i = SkipSpaces(open + 1);
        var index = 0;
        while (i < text.Length && text[i] != ']')
        {
            var token = InlineScalar(i, inFlow: true);
            var item = new YamlDraftItem { Start = i, SortPos = i };
            collection.Items.Add(item);
            var itemPath = string.Concat(path, "[", index++.ToString(System.Globalization.CultureInfo.InvariantCulture), "]");
            item.Value = scalars.Parse(token, itemPath, collection.ItemColumn, inFlow: true);
            document.Tokens.Add(new YamlDraftToken(item.Value.Start, ((YamlDraftScalar)item.Value).TokenEnd, collection, item));
            i = SkipSpaces(token.End);
            if (i < text.Length && text[i] == ',')
            {
                i = SkipSpaces(i + 1);
                if (i >= text.Length || text[i] == ']')
                {
                    throw GiveUp.Instance; // a trailing comma
                }
            }
            else if (i >= text.Length || text[i] != ']')
            {
                throw GiveUp.Instance;
            }
        }

        if (i >= text.Length)
        {
            throw GiveUp.Instance;
        }

        collection.FlowEnd = i + 1;
        collection.End = i + 1;
        collection.Height = 1;
        document.Tokens.Add(new YamlDraftToken(i, i + 1, parent, parentItem));
        return collection;
    }

    /// <summary>
    /// A literal block scalar (<c>|</c>, <c>|-</c>, <c>|+</c>) whose lines are empty or indented at least as far
    /// as its first line. Its token ends, as YamlDotNet's does, at the start of the first line after the
    /// body and the empty lines after it. Leaves the current line there.
    /// </summary>
    private YamlScalarToken LiteralScalar(int at, int ownerIndent)
    {
        var column = at - lineStart + 1;
        var startLine = line;
        var header = at + 1;
        var chomp = header < text.Length && text[header] is '-' or '+' ? text[header++] : ' ';
        if (header >= text.Length || text[header] != '\n')
        {
            throw GiveUp.Instance; // indentation indicators, header comments, end of file
        }

        var bodyStart = header + 1;
        var contentIndent = SkipSpaces(bodyStart) - bodyStart;
        if (contentIndent <= ownerIndent || bodyStart + contentIndent >= text.Length || text[bodyStart + contentIndent] == '\n')
        {
            throw GiveUp.Instance; // empty, leading empty lines, or not indented past its owner
        }

        var value = new System.Text.StringBuilder();
        var emptyLines = 0;
        var ls = bodyStart;
        line++;
        while (ls < text.Length)
        {
            var le = text.IndexOf('\n', ls);
            if (le < 0)
            {
                throw GiveUp.Instance; // a last line without a break
            }

            var spaces = SkipSpaces(ls) - ls;
            if (le == ls)
            {
                emptyLines++;
            }
            else if (spaces >= contentIndent && ls + spaces < le)
            {
                if (value.Length > 0 || emptyLines > 0)
                {
                    value.Append('\n', emptyLines + (value.Length > 0 ? 1 : 0));
                }

                emptyLines = 0;
                value.Append(text, ls + contentIndent, le - ls - contentIndent);
            }
            else if (ls + spaces < le && spaces < contentIndent && text[ls + spaces] != '#')
            {
                break; // the next content at a lesser indentation ends the body
            }
            else
            {
                throw GiveUp.Instance; // a line of blanks: its chomping is YamlDotNet's business
            }

            ls = le + 1;
            line++;
        }

        var content = value.ToString();
        var chomped = chomp switch
        {
            '-' => content,
            '+' => content + new string('\n', 1 + emptyLines),
            _ => content + "\n",
        };
        lineStart = ls;
        pos = ls;
        return new YamlScalarToken(at, ls, YamlScalarStyle.Literal, chomped, startLine, column);
    }

    /// <summary>After a value: blanks, then a comment or the end of the line; anything else is not in the subset.</summary>
    private void EndLine(int i)
    {
        var k = SkipSpaces(i);
        if (k < text.Length && text[k] == '#' && k > i)
        {
            AddComment(k, inline: true);
            return;
        }

        if (k < text.Length && text[k] != '\n')
        {
            throw GiveUp.Instance;
        }
    }

    /// <summary>
    /// Moves to the next line holding content, recording the comment lines on the way; from the line after
    /// the current one, or from the current one when nothing of it has been read (the document start, and
    /// where a literal block scalar ended).
    /// </summary>
    private void NextContentLine(bool currentLineRead = true)
    {
        var i = lineStart;
        if (currentLineRead)
        {
            var end = text.IndexOf('\n', pos);
            i = end < 0 ? text.Length : end + 1;
            line++;
        }

        while (i < text.Length)
        {
            lineStart = i;
            var k = SkipSpaces(i);
            if (k < text.Length && text[k] != '\n' && text[k] != '#')
            {
                pos = k;
                return;
            }

            if (k < text.Length && text[k] == '#')
            {
                AddComment(k, inline: false);
            }

            var end = k < text.Length ? text.IndexOf('\n', k) : -1;
            i = end < 0 ? text.Length : end + 1;
            line++;
        }

        pos = text.Length;
        lineStart = text.Length;
    }

    private void AddComment(int start, bool inline)
    {
        var end = text.IndexOf('\n', start);
        document.Comments.Add((start, end < 0 ? text.Length : end, inline, start - lineStart));
    }

    private int SkipSpaces(int i)
    {
        while (i < text.Length && text[i] == ' ')
        {
            i++;
        }

        return i;
    }

    private bool IsDashItem(int i) => text[i] == '-' && (i + 1 >= text.Length || text[i + 1] is ' ' or '\n');

    private static void CheckDepth(int depth)
    {
        if (depth > MaxDepth)
        {
            throw GiveUp.Instance;
        }
    }

    private YamlScalarToken InlineScalar(int at, bool inFlow) =>
        YamlFastScalars.Inline(text, at, inFlow, line, lineStart) ?? throw GiveUp.Instance;

    /// <summary>Leaves the fast path; thrown at most once per parse.</summary>
    private sealed class GiveUp : Exception
    {
        public static readonly GiveUp Instance = new();
    }
}
