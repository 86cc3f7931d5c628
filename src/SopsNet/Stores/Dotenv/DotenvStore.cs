using System.Collections.Immutable;
using System.Text;
using SopsNet.Stores.Flat;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Stores.Dotenv;

/// <summary>
/// The dotenv store, with exactly sops's value semantics (docs/format.md §7.3): split on <c>\n</c>; a line starting
/// with <c>#</c> is a comment (its text is everything after the <c>#</c>); any other non-empty line must
/// hold a <c>=</c>; the key is everything before the first <c>=</c> and the value everything after it,
/// both verbatim — no trimming, no quote removal (<c>FOO="bar"</c> has the value <c>"bar"</c>, and
/// <c>foo = bar</c> has the key <c>foo </c>) — except that the two characters <c>\n</c> become a newline.
/// Lines whose key starts with <c>sops_</c>, anywhere in the file, are the flattened metadata (docs/format.md §6.3).
/// Unlike sops, writing is source-faithful: only the value text after the first <c>=</c> (or a comment's
/// text) is replaced, and blank lines, which sops drops, are kept.
/// </summary>
public sealed class DotenvStore : IStore
{
    internal const string Format = "dotenv";
    internal const string MetadataPrefix = "sops_";

    public StoreDocument Parse(byte[] content)
    {
        var text = LineText.Decode(content, Format, refuseEveryLoneCr: false);
        var s = text.Text;
        var items = ImmutableArray.CreateBuilder<Node>();
        var sources = ImmutableArray.CreateBuilder<DotenvSource>();
        var metadataLines = ImmutableArray.CreateBuilder<(int, int)>();
        var metadata = new List<FlatEntry>();
        for (var start = 0; start < s.Length;)
        {
            var end = text.LineEnd(start);
            var next = text.NextLine(start);
            if (end == start)
            {
                // sops drops empty lines; the splice writer keeps them. A line holding only "\r" is not
                // empty for sops (it has no '=' and fails below), so neither is it here.
            }
            else if (s[start] == '#')
            {
                var source = new DotenvSource(text, "", start, next, start + 1, end, s[(start + 1)..end]);
                sources.Add(source);
                items.Add(new Comment(source.Parsed) { Source = source });
            }
            else
            {
                var eq = s.IndexOf('=', start, end - start);
                if (eq < 0)
                {
                    var (line, column) = text.Position(start);
                    throw new StoreException("dotenv: a line that is neither a comment nor KEY=VALUE (no '=')", line, column);
                }

                var key = s[start..eq];
                var value = FlatMetadata.UnescapeNewlines(s[(eq + 1)..end]);
                if (key.StartsWith(MetadataPrefix, StringComparison.Ordinal))
                {
                    var (line, column) = text.Position(start);
                    metadata.Add(new FlatEntry(key[MetadataPrefix.Length..], value, line, column));
                    metadataLines.Add((start, next));
                }
                else
                {
                    var source = new DotenvSource(text, key, start, next, eq + 1, end, value);
                    sources.Add(source);
                    items.Add(new Pair(key, Scalar.String(value)) { Source = source });
                }
            }

            start = next;
        }

        var original = new DotenvOriginal(text, sources.ToImmutable(), metadataLines.ToImmutable());
        return new StoreDocument([new Mapping(items.ToImmutable())], metadata.Count == 0 ? null : FlatMetadata.Unflatten(metadata, Format))
        {
            Source = original,
        };
    }

    public byte[] Write(ImmutableArray<Mapping> documents, Mapping? metadata, StoreDocument? original)
    {
        if (documents.Length != 1)
        {
            throw new StoreException($"dotenv: a file holds exactly one document, not {documents.Length}");
        }

        var root = documents[0];
        Validate(root);
        var metadataLines = metadata is null
            ? []
            : FlatMetadata.Flatten(metadata).Select(kv => MetadataPrefix + kv.Key + "=" + FlatMetadata.EscapeNewlines(kv.Value)).ToList();
        if (original?.Source is DotenvOriginal source && TrySplice(root, source) is { } spliced)
        {
            return FlatOutput.Finish(spliced, source.Text.Unterminated, metadataLines, blankLineBefore: false);
        }

        var sb = new StringBuilder();
        foreach (var item in root.Items)
        {
            sb.Append(Render(item)).Append('\n');
        }

        return FlatOutput.Finish(sb.ToString(), unterminated: false, metadataLines, blankLineBefore: false);
    }

    /// <summary>sops's dotenv store prints a string on its own and refuses anything else.</summary>
    public byte[] WriteValue(Node value) => value is Scalar { Kind: ScalarKind.String } s
        ? s.Raw ?? Encoding.UTF8.GetBytes(s.Text)
        : throw new StoreException($"dotenv: only a string can be printed on its own, not {StoreException.Describe(value)}");

    /// <summary>Refuses what a dotenv file cannot hold or would read back differently.</summary>
    private static void Validate(Mapping root)
    {
        foreach (var pair in root.Pairs)
        {
            var path = "[\"" + pair.Key + "\"]";
            if (pair.Value is not Scalar)
            {
                throw new StoreException("dotenv cannot hold nested values (a mapping or list)", path: path);
            }

            if (pair.Key.StartsWith(MetadataPrefix, StringComparison.Ordinal))
            {
                // It would be read back as metadata; sops refuses such keys too.
                throw new StoreException("dotenv: keys starting with sops_ are reserved for the metadata", path: path);
            }

            if (pair.Key.Contains('=') || pair.Key.Contains('\n') || pair.Key.StartsWith('#'))
            {
                throw new StoreException("dotenv: a key cannot contain '=' or a newline, nor start with '#'", path: path);
            }
        }
    }

    /// <summary>
    /// Writes into the original text, or returns null when the items are no longer in their original
    /// order (the MAC depends on the order, so the file must then be emitted in tree order).
    /// </summary>
    private static string? TrySplice(Mapping root, DotenvOriginal original)
    {
        var splicer = new TextSplicer(original.Text.Text);
        var present = new HashSet<DotenvSource>(ReferenceEqualityComparer.Instance);
        var anchor = 0;
        foreach (var item in root.Items)
        {
            if (item.Source is DotenvSource source && ReferenceEquals(source.Owner, original.Text) && !present.Contains(source))
            {
                if (source.LineStart < anchor)
                {
                    return null;
                }

                present.Add(source);
                anchor = source.LineNext;
                var (key, text) = item switch
                {
                    Pair p => (p.Key, GoPrint.ValToString((Scalar)p.Value)),
                    Comment c => ("", c.Text),
                    _ => ("", ""),
                };
                if (key != source.Key)
                {
                    splicer.Replace(source.LineStart, source.TextEnd, Render(item));
                }
                else if (text != source.Parsed)
                {
                    splicer.Replace(source.TextStart, source.TextEnd, item is Pair ? FlatMetadata.EscapeNewlines(text) : CommentText(text));
                }
            }
            else
            {
                splicer.InsertLines(anchor, Render(item) + "\n");
            }
        }

        foreach (var source in original.Items.Where(s => !present.Contains(s)))
        {
            splicer.Delete(source.LineStart, source.LineNext);
        }

        foreach (var (start, next) in original.MetadataLines)
        {
            splicer.Delete(start, next);
        }

        return splicer.Apply();
    }

    private static string Render(Node item) => item switch
    {
        Pair p => p.Key + "=" + FlatMetadata.EscapeNewlines(GoPrint.ValToString((Scalar)p.Value)),
        Comment c => "#" + CommentText(c.Text),
        _ => throw new StoreException("dotenv: only keys and comments can be written"),
    };

    // A comment with several lines (converted from another format) keeps each line a comment.
    private static string CommentText(string text) => text.Replace("\n", "\n#", StringComparison.Ordinal);
}
