namespace SopsNet.Cli.Output;

/// <summary>A usage or I/O error of the CLI itself, with the sops exit code it maps to.</summary>
public sealed class CliException(SopsError error, string message, Exception? inner = null) : Exception(message, inner)
{
    public SopsError Error { get; } = error;
}
