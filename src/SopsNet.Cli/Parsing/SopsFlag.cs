namespace SopsNet.Cli.Parsing;

/// <summary>One of sops's top-level flags: its long name, its one-letter alias, and whether a value follows it.</summary>
internal sealed record SopsFlag(string Name, char? Short, bool TakesValue)
{
    public string Long => "--" + Name;

    /// <summary>Add or remove a key (rotate mode); refused on a file that does not exist (exit 49).</summary>
    public bool ChangesKeys => Name.StartsWith("add-", StringComparison.Ordinal) || Name.StartsWith("rm-", StringComparison.Ordinal);

    /// <summary>Accepts <c>--name</c>, <c>-name</c> (Go's flag package takes either) and the short alias.</summary>
    public bool Matches(string token) =>
        token == Long || token == "-" + Name || (Short is { } s && (token == "-" + s || token == "--" + s));
}
