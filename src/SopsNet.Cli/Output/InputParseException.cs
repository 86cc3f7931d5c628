using SopsNet.Stores;

namespace SopsNet.Cli.Output;

/// <summary>
/// A store could not parse the input. sops exits 2 for plaintext input it cannot read (encrypt) but 1
/// for an encrypted input (decrypt), so the command decides the code.
/// </summary>
public sealed class InputParseException(StoreException inner, SopsError error) : Exception(inner.Message, inner)
{
    public StoreException Inner { get; } = inner;

    public SopsError Error { get; } = error;
}
