namespace SopsNet.Cli.Commands;

/// <summary>What a bulk command did to one file: the line shown for it and whether the file was rewritten.</summary>
internal sealed record FileResult(string Message, bool Changed);
