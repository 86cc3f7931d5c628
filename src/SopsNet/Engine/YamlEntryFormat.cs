using System.Text;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Engine;

/// <summary>A YAML file's entries: the chunks of <see cref="YamlTopLevelChunks"/>, which cover the whole text.</summary>
internal sealed class YamlEntryFormat(YamlStore store) : IEntryFormat
{
    public bool KeysAreUnique => true;

    public List<(int Start, int Lead, int End, bool IsSops)>? Split(ReadOnlySpan<byte> text, bool atEnd, ref int next)
    {
        // Until the end, the text may stop inside a line (a window of the file): only its complete lines are
        // split, and lines that do not split yet wait for more (the comments before the first key, say). What
        // cannot split at all is refused at the end.
        if (YamlTopLevelChunks.Split(atEnd ? text : text[..(text.LastIndexOf((byte)'\n') + 1)]) is not { } chunks)
        {
            return atEnd ? null : [];
        }

        // The last chunk may go on until the end: a chunk ends where the next key line starts.
        var complete = atEnd ? chunks.Count : chunks.Count - 1;
        var entries = new List<(int Start, int Lead, int End, bool IsSops)>(complete);
        for (var i = 0; i < complete; i++)
        {
            var (start, keyLine, end) = chunks[i];
            entries.Add((start, start, end, ChunkedReadBack.IsYamlSopsKey(text, keyLine)));
        }

        return entries;
    }

    // The chunks are split only where each reads alone as within the whole file.
    public bool WritesAsWhole(ReadOnlySpan<byte> content, List<(int Start, int Lead, int End, bool IsSops)> entries) => true;

    public StoreDocument Parse(byte[] text, int lead, int end) => store.ParseChunk(text, lead, end);

    public byte[]? Write(Mapping entry, StoreDocument parsed, Mapping? metadata) =>
        store.TryWriteSpliced([entry], parsed, metadata) is { } text ? Encoding.UTF8.GetBytes(text) : null;
}
