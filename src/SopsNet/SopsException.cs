namespace SopsNet;

/// <summary>
/// An error the user can act on. The message is one lower-case line, names the tree path when there is
/// one, and never contains a secret or plaintext value; the CLI prefixes the file name.
/// </summary>
public sealed class SopsException(SopsError error, string message, Exception? inner = null) : Exception(message, inner)
{
    public SopsError Error { get; } = error;
}
