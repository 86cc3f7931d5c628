using SopsNet.Stores.Flat;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Stores.Ini;

/// <summary>
/// Writes documents into the text they were parsed from: a changed value replaces only its span (in its
/// original quoting when the new value fits it), a changed comment only its text after the marker; what
/// is gone is deleted line by line, new keys go after the key they follow in the tree, new sections after
/// the section they follow; the old <c>[sops]</c> section is dropped. Everything else stays byte for byte.
/// </summary>
internal static class IniSpliceWriter
{
    /// <summary>The new text, or null when sections or keys were reordered (the MAC depends on the order).</summary>
    public static string? TrySplice(Mapping root, IniOriginal original)
    {
        var text = original.Text;
        var splicer = new TextSplicer(text.Text);
        var present = new HashSet<object>(ReferenceEqualityComparer.Instance);
        var lastSection = -1;
        var lastKey = -1;
        var sectionAnchor = 0;
        foreach (var section in root.Pairs)
        {
            var map = (Mapping)section.Value;
            if (section.Source is not IniSectionSource ss || !ReferenceEquals(ss.Owner, text) || present.Contains(ss))
            {
                var fresh = new System.Text.StringBuilder();
                IniRenderer.Section(fresh, section.Key, map, header: true);
                splicer.InsertLines(sectionAnchor, sectionAnchor == text.Text.Length ? "\n" + fresh : fresh + "\n");
                continue;
            }

            if (ss.BlockStart < lastSection)
            {
                return null;
            }

            lastSection = ss.BlockStart;
            present.Add(ss);
            sectionAnchor = ss.BlockEnd;
            if (section.Key != ss.Name)
            {
                if (ss.HeaderStart < 0 || section.Key.Length == 0 || section.Key.Contains('\n'))
                {
                    return null;
                }

                splicer.Replace(ss.NameStart, ss.NameEnd, section.Key);
            }

            var anchor = ss.HeaderStart >= 0 ? ss.HeaderNext : ss.BlockStart;
            foreach (var item in map.Items)
            {
                var path = IniRenderer.Path(section.Key, item is Pair p ? p.Key : "");
                switch (item)
                {
                    case Pair pair when pair.Source is IniKeySource ks && ReferenceEquals(ks.Owner, text) && !present.Contains(ks):
                        if (ks.LineStart < lastKey)
                        {
                            return null;
                        }

                        present.Add(ks);
                        lastKey = ks.LineStart;
                        anchor = ks.LineNext;
                        var value = GoPrint.ValToString((Scalar)pair.Value);
                        if (pair.Key != ks.Key)
                        {
                            splicer.Replace(ks.LineStart, ks.LineNext, KeyLine(pair, path));
                        }
                        else if (value != ks.Parsed)
                        {
                            var rendered = IniRenderer.Value(value, StyleFor(value, ks, text.Text), path);
                            var glued = ks.ValueStart == ks.ValueEnd && ks.ValueStart > 0 && !char.IsWhiteSpace(text.Text[ks.ValueStart - 1]);
                            splicer.Replace(ks.ValueStart, ks.ValueEnd, glued ? " " + rendered : rendered);
                        }

                        break;
                    case Comment comment when comment.Source is IniCommentSource cs && ReferenceEquals(cs.Owner, text) && !present.Contains(cs):
                        present.Add(cs);
                        if (comment.Text != cs.Parsed)
                        {
                            splicer.Replace(cs.TextStart, cs.TextEnd, IniRenderer.CommentText(comment.Text));
                        }

                        break;
                    case Pair pair:
                        splicer.InsertLines(anchor, KeyLine(pair, path));
                        break;
                    case Comment comment:
                        splicer.InsertLines(anchor, IniRenderer.CommentLines(comment.Text));
                        break;
                }
            }
        }

        foreach (var source in original.Sources.Where(s => !present.Contains(s)))
        {
            switch (source)
            {
                case IniKeySource ks:
                    splicer.Delete(ks.LineStart, ks.LineNext);
                    break;
                case IniCommentSource cs:
                    splicer.Delete(cs.DeleteStart, cs.DeleteEnd);
                    break;
                case IniSectionSource { HeaderStart: >= 0 } ss:
                    splicer.Delete(ss.HeaderStart, ss.HeaderNext);
                    break;
            }
        }

        if (original.Metadata is { } metadata)
        {
            splicer.Delete(metadata.Start, metadata.End);
        }

        return splicer.Apply();
    }

    /// <summary>
    /// go-ini reads a comment after the closing quote of a <c>"""</c> or backtick value only when the value
    /// spans lines, so a multi-line value replaced by a one-line one (its envelope) in the same quotes would
    /// lose that comment (and decrypt with it still encrypted). Unquoted, the one-line value keeps the
    /// comment beside it where go-ini reads it for the same key; an envelope needs no quotes, and is then
    /// exactly <c>ENC[…]</c>, which readers anchored at both ends require. Decrypting quotes the multi-line
    /// value again, in <c>"""</c> as go-ini would (the parser warns that a backtick value comes back so).
    /// </summary>
    private static IniValueStyle StyleFor(string value, IniKeySource ks, string text) =>
        ks.Style is IniValueStyle.TripleQuoted or IniValueStyle.Backtick && ks.Parsed.Contains('\n') && !value.Contains('\n') &&
        text.AsSpan(ks.ValueEnd, ks.LineNext - ks.ValueEnd).IndexOfAny('#', ';') >= 0
            ? IniValueStyle.Plain
            : ks.Style;

    private static string KeyLine(Pair pair, string path) =>
        IniRenderer.Key(pair.Key, path) + " = " + IniRenderer.GoIniValue(GoPrint.ValToString((Scalar)pair.Value), path) + "\n";
}
