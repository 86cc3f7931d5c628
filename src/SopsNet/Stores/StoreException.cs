using SopsNet.Tree;

namespace SopsNet.Stores;

/// <summary>
/// Content a store cannot parse. Line and column are 1-based (0 when unknown); the message is
/// lower-case, names the problem and never quotes a value.
/// </summary>
public sealed class StoreException(string message, int line = 0, int column = 0, string? path = null)
    : Exception(message)
{
    public int Line { get; } = line;

    public int Column { get; } = column;

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

    /// <summary>The tree path (e.g. <c>["db"]["password"]</c>) where it went wrong, when known.</summary>
    public string? TreePath { get; } = path;
}
