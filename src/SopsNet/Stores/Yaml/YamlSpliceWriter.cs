using System.Collections.Immutable;
using System.Text;
using SopsNet.Tree;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// Writes documents back into the text they were parsed from: unchanged nodes keep their bytes,
/// changed scalars and comments are re-spelled in place, removed block items lose their lines, new
/// items are emitted fresh at their collection's indentation, the old <c>sops</c> entries are cut out
/// and a fresh one is appended to every document (sops writes an identical copy into each).
/// Anything it cannot splice (reordered items, structural edits inside flow collections or compact
/// <c>- key:</c> entries) makes it give up, and the store then emits the whole stream fresh.
/// </summary>
internal sealed class YamlSpliceWriter
{
    private readonly YamlFileSource file;
    private readonly YamlFreshEmitter emitter;
    private readonly int indent;
    private readonly List<YamlEdit> edits = [];

    private readonly bool appendsSops;

    private YamlSpliceWriter(YamlFileSource file, YamlFreshEmitter emitter, int indent, bool appendsSops)
    {
        this.file = file;
        this.emitter = emitter;
        this.indent = indent;
        this.appendsSops = appendsSops;
    }

    private string Text => file.Text;

    private string Nl => file.Newline;

    public static bool TryWrite(YamlFileSource file, ImmutableArray<Mapping> documents, Mapping? metadata, YamlFreshEmitter emitter, int indent, out string result)
    {
        result = "";
        if (documents.Length != file.Documents.Length)
        {
            return false;
        }

        var writer = new YamlSpliceWriter(file, emitter, indent, metadata is not null);
        try
        {
            for (var i = 0; i < documents.Length; i++)
            {
                writer.Document(documents[i], file.Documents[i], metadata);
            }
        }
        catch (CannotSpliceException)
        {
            return false;
        }

        result = writer.KeepFinalBreakAsSource(writer.Apply(), documents[^1]);
        return true;
    }

    /// <summary>
    /// A file that ends without a line break keeps ending without one. Its sops block is written after
    /// a line break (a block must start a line) and without a final one; decrypting removes the block
    /// and the break before it. That break stays when the last value of the file is a string ending
    /// with a line break (a block scalar set to such text later needs it): the value wins over the layout.
    /// </summary>
    private string KeepFinalBreakAsSource(string result, Mapping lastDocument)
    {
        if (Text.Length == 0 || YamlText.AfterBreak(Text, Text.Length) || !YamlText.AfterBreak(result, result.Length) ||
            (!appendsSops && EndsWithBreak(lastDocument)))
        {
            return result;
        }

        return result[..^(result.EndsWith("\r\n", StringComparison.Ordinal) ? 2 : 1)];
    }

    /// <summary>
    /// True when the last value in document order is a string ending with a line break that is written as a
    /// block scalar (a quoted one spells its line break as an escape and needs no final break).
    /// </summary>
    private static bool EndsWithBreak(Node node) => node switch
    {
        Mapping m => !m.Items.IsEmpty && EndsWithBreak(m.Items[^1]),
        Sequence s => !s.Items.IsEmpty && EndsWithBreak(s.Items[^1]),
        Pair p => EndsWithBreak(p.Value),
        Scalar { Kind: ScalarKind.String } s => s.Text.EndsWith('\n') && s.Source is not YamlScalarSource { IsBlock: false },
        _ => false,
    };

    private void Document(Mapping doc, YamlDocumentSpan span, Mapping? metadata)
    {
        if (doc.Source is not YamlCollectionSource root || root.File != file ||
            (span.RootIsFlow && (metadata is not null || span.SopsSpans.Length > 0)))
        {
            throw new CannotSpliceException();
        }

        Collection(doc.Items, root);
        foreach (var (start, end) in span.SopsSpans)
        {
            edits.Add(new YamlEdit(start, end, ""));
        }

        if (metadata is not null)
        {
            var block = emitter.SopsBlock(metadata, span.RootColumn, Nl);

            // A document without a final line break gets one before the block (see KeepFinalBreakAsSource).
            edits.Add(new YamlEdit(span.InsertAt, span.InsertAt, span.NeedsNewline ? Nl + block : block));
        }
    }

    private void Collection(ImmutableArray<Node> items, YamlCollectionSource src)
    {
        var originals = new Dictionary<object, int>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < src.Items.Length; i++)
        {
            originals[src.Items[i].Source] = i;
        }

        var matched = new bool[src.Items.Length];
        var last = -1;
        var pending = new List<Node>();
        foreach (var item in items)
        {
            if (item.Source is { } source && originals.TryGetValue(source, out var index))
            {
                if (index <= last)
                {
                    throw new CannotSpliceException();
                }

                Insert(pending, src, src.Items[index]);
                matched[index] = true;
                last = index;
                Item(item);
            }
            else
            {
                pending.Add(item);
            }
        }

        Insert(pending, src, null);
        for (var i = 0; i < src.Items.Length; i++)
        {
            if (!matched[i])
            {
                Remove(src, src.Items[i]);
            }
        }
    }

    private void Insert(List<Node> pending, YamlCollectionSource src, YamlItemSpan? before)
    {
        if (pending.Count == 0)
        {
            return;
        }

        if (src.Flow || (before is not null && !before.StartsLine))
        {
            throw new CannotSpliceException();
        }

        var lines = new List<string>();
        foreach (var node in pending)
        {
            lines.AddRange(node switch
            {
                Comment c => [new string(' ', src.ItemColumn) + "#" + c.Text],
                Pair p when src.IsMapping => emitter.PairLines(p, src.ItemColumn),
                not Pair when !src.IsMapping => emitter.ItemLines(node, src.ItemColumn),
                _ => throw new CannotSpliceException(),
            });
        }

        var at = before is null ? src.AppendAt : YamlText.LineStart(Text, before.Start);
        var prefix = before is null && src.AppendNeedsNewline ? Nl : "";
        edits.Add(new YamlEdit(at, at, prefix + string.Concat(lines.Select(l => l + Nl))));
        pending.Clear();
    }

    private void Remove(YamlCollectionSource src, YamlItemSpan item)
    {
        if (item.Source is YamlCommentSource { Inline: true } c)
        {
            var start = c.Start;
            while (start > 0 && Text[start - 1] is ' ' or '\t')
            {
                start--;
            }

            edits.Add(new YamlEdit(start, c.End, ""));
            return;
        }

        if (src.Flow || !item.StartsLine)
        {
            throw new CannotSpliceException();
        }

        edits.Add(new YamlEdit(YamlText.LineStart(Text, item.Start), YamlText.AfterLine(Text, Math.Max(item.End - 1, item.Start)), ""));
    }

    private void Item(Node item)
    {
        switch (item)
        {
            case Comment { Source: YamlCommentSource cs } c:
                if (c.Text != cs.Text)
                {
                    edits.Add(new YamlEdit(cs.Start, cs.End, "#" + c.Text));
                }

                break;
            case Pair { Source: YamlPairSource ps } p:
                if (p.Key != ps.Key)
                {
                    var key = YamlFreshEmitter.Scalar(Scalar.String(p.Key), ps.InFlow);
                    edits.Add(new YamlEdit(ps.KeyStart, ps.KeyEnd, key.IsBlock ? YamlScalarSyntax.DoubleQuote(p.Key) : key.Token));
                }

                Value(p.Value, ps);
                break;
            default:
                Value(item, null);
                break;
        }
    }

    private void Value(Node value, YamlPairSource? pair)
    {
        switch (value.Source)
        {
            case YamlScalarSource ss when ss.File == file && value is Scalar scalar:
                if (!YamlScalarRenderer.SameValue(scalar, ss.Original) || GainsFinalBreak(ss))
                {
                    YamlScalarRenderer.AddEdits(scalar, ss, indent, Nl, edits);
                }

                break;
            case YamlCollectionSource { Flow: false, Items.IsEmpty: false } cs when cs.File == file && value is Mapping { Items.IsEmpty: true } or Sequence { Items.IsEmpty: true }:
                // A block collection that lost all its items would leave "key:" behind, which reads back as
                // null: it is written "{}" or "[]", as go-yaml (and so sops) writes an empty collection.
                if (pair is null)
                {
                    throw new CannotSpliceException();
                }

                Replace(value, pair.ColonEnd, pair.ItemEnd, pair.InFlow, pair.KeyColumn, pair);
                break;
            case YamlCollectionSource cs when cs.File == file && value is Mapping or Sequence:
                Collection(value is Mapping m ? m.Items : ((Sequence)value).Items, cs);
                break;
            case YamlAliasSource alias when alias.File == file:
                Replace(value, alias.Start, alias.End, alias.InFlow, alias.OwnerIndent, pair);
                break;
            default:
                if (pair is null)
                {
                    // A sequence element without a source is an insertion, handled by the collection.
                    throw new CannotSpliceException();
                }

                Replace(value, pair.ColonEnd, pair.ItemEnd, pair.InFlow, pair.KeyColumn, pair);
                break;
        }
    }

    /// <summary>
    /// A block scalar that ends the file without a line break, when the sops block is appended after it:
    /// the break before the block would become part of its value (clip or keep chomping), so it is
    /// rewritten with the chomping its value needs.
    /// </summary>
    private bool GainsFinalBreak(YamlScalarSource ss) =>
        appendsSops && ss.IsBlock && ss.BodyEnd == Text.Length && !YamlText.AfterBreak(Text, Text.Length);

    /// <summary>Replaces a value (an expanded alias, or a node of a new shape) by its fresh rendering.</summary>
    private void Replace(Node value, int start, int end, bool inFlow, int ownerColumn, YamlPairSource? pair)
    {
        if (pair is { ColonEnd: < 0 })
        {
            // `? key` without a `:`: there is no place for a value, and a value written after the key
            // would become part of the key.
            throw new CannotSpliceException();
        }

        if (inFlow)
        {
            var flow = emitter.Flow(value);
            edits.Add(new YamlEdit(start, end, pair is not null && start == pair.ColonEnd ? " " + flow : flow));
            return;
        }

        if (pair is not null)
        {
            // Everything after "key:" is re-emitted.
            var (inline, lines) = emitter.After(value, emitter.Next(ownerColumn));
            edits.Add(new YamlEdit(pair.ColonEnd, pair.ItemEnd, inline + string.Concat(lines.Select(l => Nl + l))));
            return;
        }

        // A sequence element: the text after "- ".
        var itemLines = emitter.ItemLines(value, ownerColumn);
        var first = itemLines[0][(ownerColumn + 1)..].TrimStart(' ');
        edits.Add(new YamlEdit(start, end, first + string.Concat(itemLines.Skip(1).Select(l => Nl + l))));
    }

    private string Apply()
    {
        // Edits are made in text order nearly always, so the (stable) sort by position, inserts
        // before replacements at one position, is skipped when it would change nothing: it was a
        // tenth of the write time of a large file.
        var length = (long)Text.Length;
        var inOrder = true;
        for (var i = 0; i < edits.Count; i++)
        {
            length += edits[i].Text.Length - (edits[i].End - edits[i].Start);
            inOrder &= i == 0 || CompareEdits(edits[i - 1], edits[i]) <= 0;
        }

        var ordered = inOrder
            ? edits
            : edits
                .Select((e, i) => (Edit: e, Order: i))
                .OrderBy(x => x.Edit.Start)
                .ThenBy(x => x.Edit.End > x.Edit.Start ? 1 : 0)
                .ThenBy(x => x.Order)
                .Select(x => x.Edit);

        // Sized once (exactly, unless edits overlap): envelopes make an encrypted file several times
        // longer than its source.
        var sb = new StringBuilder((int)Math.Clamp(length, 16, int.MaxValue));
        var cursor = 0;
        foreach (var edit in ordered)
        {
            if (edit.Start < cursor)
            {
                // Overlaps an edit already applied (e.g. a comment inside a replaced value): the
                // enclosing edit wins.
                continue;
            }

            sb.Append(Text, cursor, edit.Start - cursor).Append(edit.Text);
            cursor = edit.End;
        }

        return sb.Append(Text, cursor, Text.Length - cursor).ToString();
    }

    private static int CompareEdits(YamlEdit a, YamlEdit b)
    {
        var byStart = a.Start.CompareTo(b.Start);
        return byStart != 0 ? byStart : (a.End > a.Start ? 1 : 0).CompareTo(b.End > b.Start ? 1 : 0);
    }

    private sealed class CannotSpliceException : Exception;
}
