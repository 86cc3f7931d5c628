using SopsNet.Tree;

namespace SopsNet.Stores;

/// <summary>
/// Content a store cannot parse. Line and column are 1-based (0 when unknown); the message is
/// lower-case, names the problem and never quotes a value; the tree path is not part of the message.
/// The code is sops's for input it cannot read (2); an encrypted input that does not parse is 1 in
/// sops, which <see cref="WithError"/> gives.
/// </summary>
public sealed class StoreException : SopsException
{
    public StoreException(string message, int line = 0, int column = 0, string? path = null)
        : this(SopsError.CouldNotReadInputFile, message, line, column, path, null)
    {
    }

    private StoreException(SopsError error, string message, int line, int column, string? path, Exception? inner)
        : base(error, message, inner)
    {
        Line = line;
        Column = column;
        TreePath = path;
    }

    /// <summary>What kind of value a node is, for messages that must not show the value itself.</summary>
    public static string Describe(Node node) => node switch
    {
        Mapping => "a mapping",
        Sequence => "a list",
        Scalar { Kind: ScalarKind.Null } => "null",
        Scalar { Kind: ScalarKind.Int } => "an integer",
        Scalar s => "a " + s.Kind.ToString().ToLowerInvariant(),
        _ => "a comment",
    };

    /// <summary>The same parse error with another exit code (sops's depends on the command).</summary>
    public StoreException WithError(SopsError error) =>
        error == Error ? this : new StoreException(error, Message, Line, Column, TreePath, this);
}
