using System.Collections.Immutable;
using SopsNet.Tree;

namespace SopsNet.Stores;

/// <summary>
/// One file format. A store parses bytes into documents (plus the <c>sops</c> metadata mapping, taken
/// out of the data) and writes documents back. Stores are source-faithful: nodes keep a
/// <see cref="Node.Source"/> handle, and <see cref="Write"/> splices changed values into the original
/// text so that everything else (comments, blank lines, quoting, indentation) stays byte for byte.
/// </summary>
public interface IStore
{
    /// <summary>Parses plaintext or encrypted content. Throws <see cref="StoreException"/> on bad input.</summary>
    StoreDocument Parse(byte[] content);

    /// <summary>
    /// Writes <paramref name="documents"/> followed by <paramref name="metadata"/> (the <c>sops</c> block,
    /// omitted when null). When <paramref name="original"/> is given (it was parsed by this store), nodes
    /// that still carry their Source are written back in their original spelling and only changed values
    /// are re-rendered; otherwise the documents are emitted fresh.
    /// </summary>
    byte[] Write(ImmutableArray<Mapping> documents, Mapping? metadata, StoreDocument? original);

    /// <summary>
    /// sops's EmitValue: how <c>decrypt --extract</c> prints a value that is neither a mapping (printed as
    /// a file, through <see cref="Write"/>) nor a string (printed raw): a list or a number, boolean, null or
    /// time, in the exact bytes sops's encoder for this format gives. Throws <see cref="StoreException"/>
    /// where sops refuses (a dotenv or binary file prints only strings).
    /// </summary>
    byte[] WriteValue(Node value);
}
