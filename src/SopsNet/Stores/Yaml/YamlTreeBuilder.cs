// Over 400 lines on purpose: one recursive pass over YamlDotNet's events that records, per node, the source
// positions the splice writer needs (keys, explicit keys, block headers, flow, comments); the parts share that state.
using SopsNet.Tree;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlScalarEvent = YamlDotNet.Core.Events.Scalar;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// Turns YamlDotNet's event stream into draft documents: typed scalars with their source spans,
/// collections with the geometry comment placement and splicing need, expanded aliases, and the raw
/// comment tokens (placed afterwards by <see cref="YamlCommentPlacer"/>).
/// </summary>
internal sealed class YamlTreeBuilder(string text, YamlFileSource file, int indent, List<StoreWarning> warnings)
{
    private readonly YamlCommentRecordingScanner scanner = new(text);

    /// <summary>Each anchor's node and how many nodes go-yaml decodes when an alias expands it.</summary>
    private readonly Dictionary<string, (YamlDraftNode Node, long Decodes)> anchors = new(StringComparer.Ordinal);
    private readonly YamlScalarParser scalars = new(text, file, indent, warnings);
    private readonly YamlLimits limits = new();
    private readonly YamlIndentation indentation = new(text);
    private Parser? parser;
    private ParsingEvent? next;
    private YamlDraftDocument? document;

    public List<YamlDraftDocument> Build()
    {
        // Speed: the events are consumed as the parser produces them instead of being collected
        // first, so that they die young (a large file has hundreds of thousands).
        parser = new Parser(scanner);
        var documents = new List<YamlDraftDocument>();
        try
        {
            Advance();
            Take(); // StreamStart
            while (next is DocumentStart start)
            {
                Take();
                documents.Add(ParseDocument(start, documents.Count == 0));
            }
        }
        catch (StoreException)
        {
            // A syntax error anywhere in the file is reported before a problem in its structure, as
            // when the whole event stream was read first.
            while (next is not null)
            {
                Advance();
            }

            throw;
        }

        while (next is not null)
        {
            Advance(); // to the end of the stream, for the comments after the last document
        }

        if (documents.Count == 0)
        {
            // An empty stream (or one with only comments) is one empty document, so comments survive
            // and there is a place for the sops block.
            documents.Add(new YamlDraftDocument { Root = VirtualRoot(0), Start = 0, ContentStart = 0 });
        }

        AssignComments(documents);
        return documents;
    }

    /// <summary>The next event, not taken yet (the builder looks one event ahead).</summary>
    private ParsingEvent Peek() => next ?? throw new InvalidOperationException("yaml event stream ended early");

    private ParsingEvent Take()
    {
        var ev = Peek();
        Advance();
        return ev;
    }

    private void Advance()
    {
        try
        {
            next = parser!.MoveNext() ? parser.Current : null;
        }
        catch (YamlException e)
        {
            next = null;
            var message = e.Message.Length > 0 ? char.ToLowerInvariant(e.Message[0]) + e.Message[1..] : "syntax error";
            throw new StoreException($"invalid yaml: {message.TrimEnd('.')}", (int)e.Start.Line, (int)e.Start.Column);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner fails this way on some truncated input (an unclosed flow collection
            // running into a plain scalar); report it like any syntax error, after the last good event.
            next = null;
            throw new StoreException("invalid yaml: unexpected end of a flow collection or scalar", lastLine, lastColumn);
        }
        catch (ArgumentException)
        {
            // YamlDotNet's TagName throws this for a global tag that is not a valid URI (`!!a]`).
            next = null;
            throw new StoreException("invalid yaml: a tag that is not a valid uri", lastLine, lastColumn);
        }

        if (next is not null)
        {
            lastLine = (int)next.End.Line;
            lastColumn = (int)next.End.Column;
            indentation.Check(next);
            if (limits.TooDeep(next))
            {
                // Before the builder recurses into it; and nothing after it is worth reading for a syntax error.
                var ev = next;
                next = null;
                throw new StoreException(NestingLimit.Message("yaml"), (int)ev.Start.Line, (int)ev.Start.Column);
            }
        }
    }

    private int lastLine = 1;
    private int lastColumn = 1;


    private YamlDraftDocument ParseDocument(DocumentStart start, bool first)
    {
        var docStart = first ? 0 : (int)start.Start.Index;
        var contentStart = start.IsImplicit ? docStart : YamlText.AfterLine(text, (int)start.End.Index);
        var ev = Peek();
        var doc = new YamlDraftDocument { Start = docStart, ContentStart = contentStart };
        document = doc;
        limits.StartDocument();
        limits.Decode(start); // the document node
        switch (ev)
        {
            case MappingStart:
                doc.Root = (YamlDraftCollection)ParseNode(null, null, "", 0, 0, false);
                break;
            case SequenceStart s:
                throw new StoreException("yaml documents that are sequences are not supported", (int)s.Start.Line, (int)s.Start.Column);
            case YamlScalarEvent s when s.Value.Length == 0 && s.Style == ScalarStyle.Plain && s.Tag.IsEmpty && s.Anchor.IsEmpty:
                Take();
                doc.Root = VirtualRoot(contentStart);
                break;
            default:
                throw new StoreException("yaml documents that are scalars are not supported", (int)ev.Start.Line, (int)ev.Start.Column);
        }

        if (Peek() is DocumentEnd end)
        {
            Take();
            if (!end.IsImplicit)
            {
                doc.EndMarker = (int)end.Start.Index;
            }
        }

        document = null;
        return doc;
    }

    private YamlDraftCollection VirtualRoot(int at) =>
        new() { IsMapping = true, Flow = false, ItemColumn = 0, Depth = 0, Start = at, End = at };

    private YamlDraftNode ParseNode(YamlDraftCollection? parent, YamlDraftItem? item, string path, int depth, int ownerIndent, bool inFlow)
    {
        var ev = Take();
        var decodesBefore = limits.Decodes;
        if (ev is not AnchorAlias)
        {
            limits.Decode(ev);
        }

        YamlDraftNode node = ev switch
        {
            YamlScalarEvent s => ParseScalar(s, path, ownerIndent, inFlow),
            MappingStart m => ParseMapping(m, parent, item, path, depth),
            SequenceStart s => ParseSequence(s, parent, item, path, depth),
            AnchorAlias a => ParseAlias(a, path, depth, ownerIndent, inFlow),
            _ => throw new StoreException("unexpected yaml structure", (int)ev.Start.Line, (int)ev.Start.Column, path),
        };

        if (parent is not null && node is not YamlDraftCollection)
        {
            document!.Tokens.Add(new YamlDraftToken(node.Start, node is YamlDraftScalar sc ? sc.TokenEnd : node.End, parent, item));
        }

        if (ev is NodeEvent { Anchor.IsEmpty: false } anchored)
        {
            anchors[anchored.Anchor.Value] = (node, limits.Decodes - decodesBefore);
        }

        return node;
    }

    private YamlDraftNode ParseAlias(AnchorAlias alias, string path, int depth, int ownerIndent, bool inFlow)
    {
        if (!anchors.TryGetValue(alias.Value.Value, out var anchor))
        {
            throw new StoreException("yaml alias refers to an unknown anchor", (int)alias.Start.Line, (int)alias.Start.Column, path);
        }

        limits.Expand(alias, anchor.Decodes);
        if (depth + anchor.Node.Height > NestingLimit.MaxLevels)
        {
            // An alias nests its anchored node here again: chained, a few small anchors nest deeper than
            // the events ever do.
            throw new StoreException(NestingLimit.Message("yaml"), (int)alias.Start.Line, (int)alias.Start.Column);
        }

        var start = (int)alias.Start.Index;
        var end = (int)alias.End.Index;
        warnings.Add(new StoreWarning((int)alias.Start.Line, (int)alias.Start.Column, path,
            "alias will be expanded into a copy of the anchored value (sops encrypts every copy under its own path)"));
        return new YamlDraftAlias
        {
            Target = anchor.Node,
            Height = anchor.Node.Height,
            Source = new YamlAliasSource(file, start, end, inFlow, ownerIndent),
            Start = start,
            End = end,
            Line = (int)alias.Start.Line,
            Column = (int)alias.Start.Column,
            Path = path,
        };
    }

    private YamlDraftCollection ParseMapping(MappingStart start, YamlDraftCollection? parent, YamlDraftItem? parentItem, string path, int depth)
    {
        var flow = start.Style == MappingStyle.Flow;
        var collection = new YamlDraftCollection
        {
            IsMapping = true,
            Flow = flow,
            Parent = parent,
            Depth = depth,
            Start = (int)start.Start.Index,
            Line = (int)start.Start.Line,
            Column = (int)start.Start.Column,
            Path = path,
            ItemColumn = FirstItemColumn(start),
        };
        document!.Collections.Add(collection);
        var keys = new HashSet<string>(StringComparer.Ordinal);
        var inFlow = flow || IsInFlow(parent);
        while (Peek() is not MappingEnd)
        {
            var keyEvent = Take();
            if (keyEvent is not YamlScalarEvent key)
            {
                throw new StoreException("yaml mapping keys must be scalars (complex keys and aliases as keys are not supported)",
                    (int)keyEvent.Start.Line, (int)keyEvent.Start.Column, path);
            }

            limits.Decode(key);

            // go-yaml decodes `1:` or `true:` as non-string keys and sops then fails; we take the key's
            // text instead, which is what a user means and round-trips unchanged.
            var keyStart = (int)key.Start.Index;
            var keyEnd = (int)key.End.Index;
            if (key.Value.Length == 0 && keyStart == keyEnd && key.Style == ScalarStyle.Plain && key.Tag.IsEmpty && key.Anchor.IsEmpty &&
                !scanner.ExplicitKeys.ContainsKey(keyStart) && scanner.KeylessValues.TryDequeue(out var keyless))
            {
                // An entry without a key (`: value`): YamlDotNet puts its empty key at the start of the file,
                // which made a value written after that "key" (an expanded alias) replace everything before
                // it (found by fuzzing). It is at its ":".
                keyStart = keyEnd = keyless;
            }

            var childPath = YamlText.ChildPath(path, key.Value);
            if (!keys.Add(key.Value))
            {
                throw new StoreException("duplicate key in yaml mapping", (int)key.Start.Line, (int)key.Start.Column, childPath);
            }

            // An explicit key (`? key`, then `: value`, maybe lines below) starts its entry, and sets the
            // entry's column, at its "?": measured from the key, a fresh sops block or a new key was written
            // right of the mapping's column, inside the last value (found by fuzzing).
            var indicator = !flow && scanner.ExplicitKeys.TryGetValue(keyStart, out var at) ? at : -1;
            var itemStart = indicator >= 0 ? indicator : keyStart;
            var item = new YamlDraftItem
            {
                Key = key.Value,
                Start = itemStart,
                SortPos = itemStart,
                StartsLine = !flow && YamlText.StartsLine(text, itemStart),
                KeyStart = keyStart,
                KeyEnd = keyEnd,
                ColonEnd = indicator < 0 ? ColonEnd(keyEnd) : scanner.ExplicitValues.TryGetValue(indicator, out var colon) ? colon + 1 : -1,
                KeyColumn = indicator >= 0 ? YamlText.Column(text, indicator) : (int)key.Start.Column - 1,
            };
            collection.Items.Add(item);
            document.Tokens.Add(new YamlDraftToken(keyStart, keyEnd, collection, item));
            item.Value = ParseNode(collection, item, childPath, depth + 1, item.KeyColumn, inFlow);
        }

        var endEvent = Take();
        FinishCollection(collection, endEvent, parent, parentItem);
        collection.Height = 1 + collection.Items.Select(i => i.Value?.Height ?? 0).DefaultIfEmpty(0).Max();
        return collection;
    }

    private YamlDraftCollection ParseSequence(SequenceStart start, YamlDraftCollection? parent, YamlDraftItem? parentItem, string path, int depth)
    {
        var flow = start.Style == SequenceStyle.Flow;
        var collection = new YamlDraftCollection
        {
            IsMapping = false,
            Flow = flow,
            Parent = parent,
            Depth = depth,
            Start = (int)start.Start.Index,
            Line = (int)start.Start.Line,
            Column = (int)start.Start.Column,
            Path = path,
            ItemColumn = FirstItemColumn(start),
        };
        document!.Collections.Add(collection);
        var inFlow = flow || IsInFlow(parent);
        var index = 0;
        while (Peek() is not SequenceEnd)
        {
            var item = new YamlDraftItem();
            collection.Items.Add(item);
            var valueStart = (int)Peek().Start.Index;
            item.Value = ParseNode(collection, item, path + "[" + index++ + "]", depth + 1, collection.ItemColumn, inFlow);
            var itemStart = valueStart;
            if (!flow)
            {
                var dash = valueStart - 1;
                while (dash >= 0 && char.IsWhiteSpace(text[dash]))
                {
                    dash--;
                }

                if (dash >= 0 && text[dash] == '-')
                {
                    itemStart = dash;
                }
            }

            item.Start = itemStart;
            item.SortPos = itemStart;
            item.StartsLine = !flow && YamlText.StartsLine(text, itemStart);
        }

        var endEvent = Take();
        FinishCollection(collection, endEvent, parent, parentItem);
        collection.Height = 1 + collection.Items.Select(i => i.Value?.Height ?? 0).DefaultIfEmpty(0).Max();
        return collection;
    }

    /// <summary>
    /// The column of the first key, <c>?</c> or dash: the start mark of a block collection is there unless
    /// properties precede it.
    /// </summary>
    private int FirstItemColumn(ParsingEvent start)
    {
        var first = Peek();
        if (start is MappingStart { Style: MappingStyle.Flow } or SequenceStart { Style: SequenceStyle.Flow })
        {
            return (int)start.Start.Column - 1;
        }

        if (start is SequenceStart && first is not SequenceEnd)
        {
            var i = (int)first.Start.Index - 1;
            while (i >= 0 && char.IsWhiteSpace(text[i]))
            {
                i--;
            }

            return i >= 0 && text[i] == '-' ? YamlText.Column(text, i) : (int)start.Start.Column - 1;
        }

        if (first is MappingEnd or SequenceEnd)
        {
            return (int)start.Start.Column - 1;
        }

        return scanner.ExplicitKeys.TryGetValue((int)first.Start.Index, out var indicator)
            ? YamlText.Column(text, indicator)
            : (int)first.Start.Column - 1;
    }

    private static bool IsInFlow(YamlDraftCollection? c)
    {
        for (; c is not null; c = c.Parent)
        {
            if (c.Flow)
            {
                return true;
            }
        }

        return false;
    }

    private void FinishCollection(YamlDraftCollection collection, ParsingEvent endEvent, YamlDraftCollection? parent, YamlDraftItem? parentItem)
    {
        if (!collection.Flow)
        {
            return;
        }

        var bracket = (int)endEvent.Start.Index;
        collection.FlowEnd = bracket + 1;
        collection.End = bracket + 1;
        document!.Tokens.Add(new YamlDraftToken(bracket, bracket + 1, parent ?? collection, parentItem));
    }

    private int ColonEnd(int keyEnd)
    {
        var i = keyEnd;
        while (i < text.Length && (text[i] == ' ' || text[i] == '\t'))
        {
            i++;
        }

        return i < text.Length && text[i] == ':' ? i + 1 : keyEnd;
    }

    private YamlDraftScalar ParseScalar(YamlScalarEvent s, string path, int ownerIndent, bool inFlow) =>
        scalars.Parse(s, path, ownerIndent, inFlow);

    private void AssignComments(List<YamlDraftDocument> documents)
    {
        // Comments and documents are both in text order: one walk through each, not one through the
        // documents per comment (quadratic for a stream of many small commented documents).
        var following = 1;
        foreach (var (start, end) in scanner.Comments)
        {
            while (following < documents.Count && documents[following].Start <= start)
            {
                following++;
            }

            var doc = documents[following - 1];
            var inline = !YamlText.StartsLine(text, start);
            doc.Comments.Add((start, end, inline, YamlText.Column(text, start)));
        }
    }
}
