using SopsNet.Stores;
using SopsNet.Tree;

namespace SopsNet.Engine;

/// <summary>
/// Memory: how a store's file is split into its top-level entries, each parsed and written alone, so a large
/// file is encrypted and its output checked one entry at a time (see <see cref="EntryOutputCheck"/>), and
/// decrypted so (see <see cref="Documents.ChunkedDecryption"/>). One splitting logic per format, applied alike
/// to the plaintext, whole, to the output, as it grows, and to an encrypted file, in a window.
/// </summary>
internal interface IEntryFormat
{
    /// <summary>Whether a key twice at the top is the whole-file reading's error (YAML), not kept (JSON).</summary>
    bool KeysAreUnique { get; }

    /// <summary>
    /// The complete entries at the start of <paramref name="text"/>, in order: [Start, End) is the entry's
    /// piece of the file (the pieces follow one another from 0), [Lead, End) the part parsed alone, IsSops
    /// whether its key is the sops key. Every entry when <paramref name="atEnd"/>: the text from the last
    /// End on is then the file's closing text; until then the text may stop anywhere, and an entry that may go
    /// on is not given (nor anything, while what is read does not split yet). Null when the text does not
    /// split as this format's files do.
    /// <paramref name="next"/> is where the split goes on: -1 at the file's start; it is set past the last
    /// entry returned, counted from that entry's End, as the caller then drops the text before that End.
    /// </summary>
    List<(int Start, int Lead, int End, bool IsSops)>? Split(ReadOnlySpan<byte> text, bool atEnd, ref int next);

    /// <summary>Whether the entries of a plaintext are laid out so their pieces written alone are the whole file's.</summary>
    bool WritesAsWhole(ReadOnlySpan<byte> content, List<(int Start, int Lead, int End, bool IsSops)> entries);

    /// <summary>The entry [<paramref name="lead"/>, <paramref name="end"/>) of <paramref name="text"/> parsed alone.</summary>
    StoreDocument Parse(byte[] text, int lead, int end);

    /// <summary>
    /// <paramref name="entry"/> (from <paramref name="parsed"/>) written into its own text, the sops entry after
    /// it when <paramref name="metadata"/> is given, as [Lead, End) of the file; null when it cannot be spliced.
    /// </summary>
    byte[]? Write(Mapping entry, StoreDocument parsed, Mapping? metadata);
}
