using System.Collections.Immutable;
using System.Text;
using System.Text.RegularExpressions;
using SopsNet.Tree;
using Tomlyn;
using Tomlyn.Parsing;
using Tomlyn.Syntax;

namespace SopsNet.Stores.Toml;

/// <summary>
/// A TOML store (sops has none: getsops/sops#369). Parsing uses Tomlyn's full-fidelity syntax tree and
/// keeps the position of every value and comment, so writing back changes only the tokens whose value
/// changed; the metadata is a final <c>[sops]</c> table with the same fields as in YAML and JSON. See
/// README.md beside this file for the mapping.
/// </summary>
public sealed partial class TomlStore : IStore
{
    internal const string MetadataKey = "sops";

    // Tomlyn counts the key an inline value belongs to as a level, as NestingLimit counts the root table.
    private static readonly TomlSerializerOptions ParserOptions = new() { MaxDepth = NestingLimit.MaxLevels };

    public StoreDocument Parse(byte[] content)
    {
        var text = Utf8Text.Decode(content, 0, "toml");

        var bom = text.StartsWith('\uFEFF');
        if (bom)
        {
            text = text[1..];
        }

        var firstBreak = text.IndexOf('\n');
        var original = new TomlOriginal(text, bom, firstBreak > 0 && text[firstBreak - 1] == '\r' ? "\r\n" : "\n");
        var syntax = ParseSyntax(text);
        if (syntax.HasErrors)
        {
            var error = syntax.Diagnostics.First(d => d.Kind == Tomlyn.Syntax.DiagnosticMessageKind.Error);
            throw new StoreException(Describe(error.Message), error.Span.Start.Line + 1, error.Span.Start.Column + 1);
        }

        var builder = new TomlTreeBuilder(original);
        var root = builder.Build(syntax);
        Mapping? metadata = null;
        if (root.Items.OfType<Pair>().FirstOrDefault(p => p.Key == MetadataKey) is { } sops)
        {
            if (builder.MetadataStart < 0 || sops.Value is not Mapping sopsTable)
            {
                throw new StoreException("toml: the sops metadata must be a [sops] table at the end of the file", path: "[\"sops\"]");
            }

            metadata = (Mapping)Clean(sopsTable);
            root = root with { Items = root.Items.Remove(sops) };
        }

        original.DataEnd = DataEnd(text, builder.MetadataStart);
        original.SourcedNodes = TomlSpliceWriter.CountSourced(root);
        return new StoreDocument([root], metadata)
        {
            Warnings = [.. builder.Warnings.Where(w => !w.Path.StartsWith("[\"sops\"]", StringComparison.Ordinal))],
            Source = original,
        };
    }

    /// <summary>sops has no TOML store; a value prints as the right-hand side of a TOML assignment, with a newline.</summary>
    public byte[] WriteValue(Node value) => value is Scalar { Kind: ScalarKind.Null }
        ? throw new StoreException("toml: a null value cannot be written (toml has no null)")
        : Encoding.UTF8.GetBytes(new TomlFreshEmitter("\n").InlineValue(value) + "\n");

    public byte[] Write(ImmutableArray<Mapping> documents, Mapping? metadata, StoreDocument? original)
    {
        if (documents.Length != 1)
        {
            throw new StoreException($"toml: a file holds exactly one document, not {documents.Length}");
        }

        var source = original?.Source as TomlOriginal;
        var emitter = new TomlFreshEmitter(source?.Newline ?? "\n");
        var spliced = source is null ? null : new TomlSpliceWriter(source).TryWrite(documents[0]);
        var body = spliced ?? emitter.EmitDocument(documents[0]);
        if (metadata is not null)
        {
            // One line break before [sops]: a blank line after a final newline, or the end of a last line
            // that had none. Parsing takes exactly one away again, so the data comes back byte for byte.
            body = body + (body.Length == 0 ? "" : source?.Newline ?? "\n") + emitter.EmitMetadata(metadata);
        }

        var bytes = Encoding.UTF8.GetBytes(body);
        return spliced is not null && source!.Bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    private static DocumentSyntax ParseSyntax(string text)
    {
        try
        {
            // Tomlyn's validation is left to TomlTreeBuilder: it reports a key defined twice when two keys of
            // one table have equal string hash codes (its paths share one buffer), which for 80,000 keys
            // happens in every other run, and it copies the whole path for every segment of a dotted key.
            return SyntaxParser.Parse(text, ParserOptions, "", validate: false);
        }
        catch (ArgumentOutOfRangeException)
        {
            // Tomlyn throws, instead of reporting a syntax error, when the file ends right after a backslash
            // in a string (or inside its \u escape): it fails formatting the end of the file as a character.
            throw new StoreException("toml: syntax error: the file ends inside an escape sequence",
                text.AsSpan().Count('\n') + 1, text.Length - (text.LastIndexOf('\n') + 1) + 1);
        }
        catch (TomlException e)
        {
            // Tomlyn reports syntax errors as diagnostics; it throws only past its depth limit, and then
            // without a position.
            if (e.Line is { } line && e.Column is { } column)
            {
                throw new StoreException(Describe(e.Message), line, column); // 1-based, unlike its syntax positions
            }

            var at = TomlInlineNesting.Find(text, NestingLimit.MaxLevels);
            if (at < 0)
            {
                throw new StoreException(Describe(e.Message));
            }

            var lineStart = text.LastIndexOf('\n', Math.Max(at - 1, 0)) + 1;
            throw new StoreException(NestingLimit.Message("toml"), 1 + text.AsSpan(0, at).Count('\n'), 1 + at - lineStart);
        }
    }

    private static int DataEnd(string text, int metadataStart)
    {
        if (metadataStart < 0)
        {
            return text.Length;
        }

        if (metadataStart >= 2 && text[metadataStart - 2] == '\r' && text[metadataStart - 1] == '\n')
        {
            return metadataStart - 2;
        }

        return metadataStart >= 1 && text[metadataStart - 1] == '\n' ? metadataStart - 1 : metadataStart;
    }

    /// <summary>Tomlyn's messages quote the offending text, which may be a secret: keep only the words around it.</summary>
    private static string Describe(string message)
    {
        if (message.Contains("already defined", StringComparison.Ordinal))
        {
            return "toml: duplicate key: a key or table is defined twice";
        }

        var words = Quoted().Replace(message, "").Replace(" ,", ",", StringComparison.Ordinal);
        words = Spaces().Replace(words, " ").Trim().TrimEnd('.');
        return "toml: syntax error: " + (words.Length > 0 ? char.ToLowerInvariant(words[0]) + words[1..] : "invalid toml");
    }

    /// <summary>Metadata is always written fresh: no sources, no comments.</summary>
    private static Node Clean(Node node) => node switch
    {
        Mapping m => new Mapping([.. m.Items.Where(i => i is not Comment).Select(Clean)]),
        Sequence s => new Sequence([.. s.Items.Where(i => i is not Comment).Select(Clean)]),
        Pair p => new Pair(p.Key, Clean(p.Value)),
        _ => node with { Source = null },
    };

    [GeneratedRegex("`[^`]*`|\\([0-9]+,[0-9]+\\)")]
    private static partial Regex Quoted();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();
}
