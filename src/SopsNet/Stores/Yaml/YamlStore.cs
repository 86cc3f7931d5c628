using System.Collections.Immutable;
using System.Text;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// The YAML store, compatible with sops 3.x (go-yaml v3 typing, comment placement and metadata
/// layout) and source-faithful: writing back a parsed file changes only the values that changed.
/// </summary>
public sealed class YamlStore : IStore
{
    private readonly int indent;

    /// <param name="indent">Indentation for fresh output and the sops block (sops's default is 4; go-yaml clamps to 2..9).</param>
    public YamlStore(int indent = 4)
    {
        this.indent = Math.Clamp(indent, 2, 9);
    }

    /// <summary>False reads every file with YamlDotNet: the tests compare the two paths.</summary>
    internal bool FastPath { get; init; } = true;

    public StoreDocument Parse(byte[] content)
    {
        ArgumentNullException.ThrowIfNull(content);
        var hasBom = content.Length >= 3 && content[0] == 0xEF && content[1] == 0xBB && content[2] == 0xBF;
        return Parse(Utf8Text.Decode(content, hasBom ? 3 : 0, content.Length, "yaml"), hasBom);
    }

    /// <summary>
    /// Parses the bytes [<paramref name="start"/>, <paramref name="end"/>) of a file (no BOM) as a file of
    /// their own: one top-level entry of a large file read piece by piece (see <see cref="YamlTopLevelChunks"/>).
    /// </summary>
    internal StoreDocument ParseChunk(byte[] content, int start, int end) => Parse(Utf8Text.Decode(content, start, end, "yaml"), hasBom: false);

    /// <summary>
    /// <paramref name="documents"/> spliced into the text <paramref name="original"/> was parsed from, with a
    /// sops block when <paramref name="metadata"/> is given; null when they cannot be spliced (a whole file
    /// would then be laid out afresh).
    /// </summary>
    internal string? TryWriteSpliced(ImmutableArray<Mapping> documents, StoreDocument original, Mapping? metadata = null) =>
        original.Source is YamlFileSource file && YamlSpliceWriter.TryWrite(file, documents, metadata, new YamlFreshEmitter(indent), indent, out var text)
            ? text
            : null;

    private StoreDocument Parse(string text, bool hasBom)
    {
        var file = new YamlFileSource(text, hasBom, YamlText.NewlineOf(text));
        var warnings = new List<StoreWarning>();
        // Speed: the common shape of config and sops files is read without YamlDotNet; anything else
        // (and anything that might be an error) is read by YamlDotNet, which stays the validator.
        var drafts = (FastPath ? YamlFastBuilder.TryBuild(text, file, indent, warnings) : null)
                     ?? new YamlTreeBuilder(text, file, indent, warnings).Build();
        var converter = new YamlDraftConverter(text, file);
        var documents = ImmutableArray.CreateBuilder<Mapping>(drafts.Count);
        var spans = ImmutableArray.CreateBuilder<YamlDocumentSpan>(drafts.Count);
        Mapping? metadata = null;
        for (var i = 0; i < drafts.Count; i++)
        {
            YamlCommentPlacer.Place(drafts[i], text);
            var (data, meta, span) = converter.Convert(drafts[i]);
            documents.Add(data);
            spans.Add(span);
            if (i == 0)
            {
                // sops reads the metadata of the first document only and drops later `sops` keys.
                metadata = meta;
            }
            else if (metadata is null && meta is not null)
            {
                // In a plaintext file such a key is data the user wrote, lost when the file is written back.
                var line = span.SopsSpans.IsEmpty ? 0 : text.AsSpan(0, span.SopsSpans[0].Start).Count('\n') + 1;
                warnings.Add(new StoreWarning(line, 1, "[\"sops\"]", "a sops key in a document after the first is dropped, as sops does"));
            }
        }

        file.Documents = spans.ToImmutable();
        return new StoreDocument(documents.ToImmutable(), metadata) { Warnings = [.. warnings], Source = file };
    }

    public byte[] Write(ImmutableArray<Mapping> documents, Mapping? metadata, StoreDocument? original)
    {
        var emitter = new YamlFreshEmitter(indent);
        string text;
        bool bom;
        if (original?.Source is YamlFileSource file && YamlSpliceWriter.TryWrite(file, documents, metadata, emitter, indent, out var spliced))
        {
            text = spliced;
            bom = file.HasBom;
        }
        else
        {
            text = emitter.EmitStream(documents, metadata);
            bom = false;
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return bom ? [0xEF, 0xBB, 0xBF, .. bytes] : bytes;
    }

    /// <summary>
    /// sops prints the value with yaml.Marshal, so with go-yaml's default indent of 4 whatever
    /// <c>stores.yaml.indent</c> says, and always with a final newline.
    /// </summary>
    public byte[] WriteValue(Node value)
    {
        var emitter = new YamlFreshEmitter(4);
        var printed = AsGoPrints(value);
        var text = printed switch
        {
            Mapping m => emitter.EmitStream([m], null),
            Sequence { Items.Length: 0 } => "[]\n",
            Sequence s => string.Join("\n", emitter.SequenceLines(s, 0)) + "\n",
            _ => Inline(emitter.After(printed, emitter.Next(0))),
        };
        return Encoding.UTF8.GetBytes(text);

        static string Inline((string Inline, List<string> Lines) after) =>
            string.Join("\n", [after.Inline[1..], .. after.Lines]) + "\n";
    }

    /// <summary>
    /// sops turns a value into a yaml.Node with Node.Encode, which prints it and parses the text again: a
    /// float is printed in Go's 'g' form (<c>1e+06</c>; a whole number without a fraction), and the node
    /// then has the type that text reads as.
    /// </summary>
    private static Node AsGoPrints(Node node) => node switch
    {
        Mapping m => m with { Items = [.. m.Items.Select(AsGoPrints)] },
        Sequence s => s with { Items = [.. s.Items.Select(AsGoPrints)] },
        Pair p => p with { Value = AsGoPrints(p.Value) },
        Scalar { Kind: not ScalarKind.String } s when GoPrint.YamlText(s) is var text => new Scalar(GoYamlResolver.ResolvePlain(text).Kind, text),
        _ => node,
    };
}
