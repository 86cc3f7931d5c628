namespace SopsNet.Cli.Commands;

/// <summary>The options every file-processing command shares: what to read, in which format, and where the result goes.</summary>
internal sealed record FileOptions(string? File)
{
    public bool InPlace { get; init; }
    public string? Output { get; init; }
    public string? InputType { get; init; }
    public string? OutputType { get; init; }
    public string? FilenameOverride { get; init; }
    public string? ConfigPath { get; init; }
    public int? Indent { get; init; }
}
