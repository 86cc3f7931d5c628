using System.Collections.Immutable;
using System.Text;
using SopsNet.Stores.Flat;
using SopsNet.Tree;

namespace SopsNet.Stores.Ini;

/// <summary>
/// The INI store. A document is a mapping of sections (keys before any header form the DEFAULT section,
/// as with go-ini; an empty DEFAULT is left out), each a mapping of string values and comments, so AADs
/// are <c>section:key:</c> and comments have <c>section:</c>. The metadata is the final <c>[sops]</c>
/// section of flattened keys (docs/format.md §6.4); both its <c>\n</c>-escaped form (3.13.2) and the <c>"""</c>
/// multi-line form of 3.13.0/3.13.1 are read, the escaped form is written. Writing into an original is
/// source-faithful (see <see cref="IniSpliceWriter"/>); a fresh write uses go-ini's layout.
/// Duplicate keys in a section are an error (go-ini would silently keep only the last value); duplicate
/// section names are allowed, as in sops 3.10+.
/// </summary>
public sealed class IniStore : IStore
{
    internal const string Format = "ini";
    internal const string MetadataSection = "sops";
    private const string DefaultSection = "DEFAULT";

    public StoreDocument Parse(byte[] content)
    {
        var text = LineText.Decode(content, Format, refuseEveryLoneCr: true);
        var parser = new IniParser(text);
        var sections = parser.Parse();
        var metadataSections = sections.Where(x => x.Name == MetadataSection && x.Header is not null).ToList();
        if (metadataSections.Count > 1)
        {
            var (line, column) = text.Position(metadataSections[1].Header!.Value.Start);
            throw new StoreException("ini: more than one [sops] section", line, column);
        }

        Mapping? metadata = null;
        (int, int)? metadataSpan = null;
        if (metadataSections.Count == 1)
        {
            var section = metadataSections[0];
            var entries = section.Items.OfType<Pair>().Select(p =>
            {
                var (line, column) = text.Position(((IniKeySource)p.Source!).LineStart);
                return new FlatEntry(p.Key, FlatMetadata.UnescapeNewlines(((Scalar)p.Value).Text), line, column);
            });
            metadata = FlatMetadata.Unflatten(entries, Format);
            metadataSpan = (WithBlankLineBefore(text.Text, section.Start), section.End);
        }

        var items = sections
            .Where(x => !metadataSections.Contains(x) && (x.Header is not null || x.Items.Count > 0))
            .Select(x => (Node)new Pair(x.Name, new Mapping([.. x.Items])) { Source = x.Source })
            .ToImmutableArray();
        return new StoreDocument([new Mapping(items)], metadata)
        {
            Warnings = parser.Warnings,
            Source = new IniOriginal(text, parser.Sources, metadataSpan),
        };
    }

    /// <summary>sops writes a blank line before <c>[sops]</c>; it goes with the section when that is removed.</summary>
    private static int WithBlankLineBefore(string s, int start)
    {
        if (start < 2 || s[start - 1] != '\n')
        {
            return start;
        }

        var previous = s.LastIndexOf('\n', start - 2) + 1;
        return string.IsNullOrWhiteSpace(s[previous..(start - 1)]) ? previous : start;
    }

    public byte[] Write(ImmutableArray<Mapping> documents, Mapping? metadata, StoreDocument? original)
    {
        if (documents.Length != 1)
        {
            throw new StoreException($"ini: a file holds exactly one document, not {documents.Length}");
        }

        var root = documents[0];
        Validate(root);
        var metadataLines = metadata is null ? [] : IniRenderer.MetadataLines(metadata);
        if (original?.Source is IniOriginal source && IniSpliceWriter.TrySplice(root, source) is { } spliced)
        {
            return FlatOutput.Finish(spliced, source.Text.Unterminated, metadataLines, blankLineBefore: true);
        }

        var sb = new StringBuilder();
        var first = true;
        foreach (var section in root.Pairs)
        {
            var map = (Mapping)section.Value;
            var headerless = first && section.Key == DefaultSection;
            if (headerless && map.Items.IsEmpty)
            {
                continue;
            }

            if (!first)
            {
                sb.Append('\n');
            }

            IniRenderer.Section(sb, section.Key, map, header: !headerless);
            first = false;
        }

        return FlatOutput.Finish(sb.ToString(), unterminated: false, metadataLines, blankLineBefore: true);
    }

    /// <summary>sops's INI store prints a value with plain json.Marshal: compact JSON, no final newline.</summary>
    public byte[] WriteValue(Node value) => Encoding.UTF8.GetBytes(Json.GoJsonValue.Compact(value));

    /// <summary>Refuses what an INI file cannot hold. Top-level comments are dropped, as sops does.</summary>
    private static void Validate(Mapping root)
    {
        foreach (var section in root.Pairs)
        {
            var path = "[\"" + section.Key + "\"]";
            if (section.Value is not Mapping map)
            {
                throw new StoreException("ini: a top-level value must be a section (a mapping of keys)", path: path);
            }

            if (section.Key == MetadataSection)
            {
                throw new StoreException("ini: the section name sops is reserved for the metadata", path: path);
            }

            foreach (var pair in map.Pairs.Where(p => p.Value is not Scalar))
            {
                throw new StoreException("ini cannot hold nested values (a mapping or list inside a section)", path: IniRenderer.Path(section.Key, pair.Key));
            }
        }
    }
}
