namespace SopsNet.Stores;

/// <summary>
/// How deeply a document may nest, in every store (the top-level mapping is level 1). Parsers refuse
/// deeper input in one line before they recurse into it, so that the recursive code after them (tree
/// walkers, cipher, MAC, writers, equality, merge, Tomlyn's parser) never meets more levels than a
/// thread's stack holds: a stack overflow cannot be caught and kills the process without a message.
/// </summary>
/// <remarks>
/// go-yaml and Go's encoding/json stop at 10000 levels, which Go's growable stacks afford; ours are
/// fixed (1 MB for a Windows thread, 1.5 MB for a .NET thread elsewhere), and the costliest path, the
/// JSON splice writer in a debug build, overflows 1 MB at about 650 levels. 256 keeps that margin
/// wide and is still four times what System.Text.Json, Newtonsoft and Tomlyn allow by default (64);
/// no real configuration file comes near it.
/// </remarks>
public static class NestingLimit
{
    public const int MaxLevels = 256;

    /// <summary>The message for a collection one level too deep (the error names where it starts).</summary>
    public static string Message(string format) => $"{format}: nesting is deeper than {MaxLevels} levels";
}
