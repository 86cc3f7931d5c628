namespace SopsNet.Tree;

/// <summary>
/// A leaf value. <see cref="Text"/> is the spelling that goes into the ciphertext: for non-strings it
/// must parse with Go's parser for its kind (strconv.Atoi, ParseFloat, ParseBool, RFC 3339), since sops
/// decrypts it that way. The MAC uses the canonical form instead (see <c>Values.Canonical</c>).
/// <see cref="Raw"/> carries the bytes of a string that is not valid UTF-8 (binary store only).
/// </summary>
public sealed record Scalar(ScalarKind Kind, string Text) : Node
{
    public byte[]? Raw { get; init; }

    public static Scalar String(string text) => new(ScalarKind.String, text);

    public static Scalar Null { get; } = new(ScalarKind.Null, "");
}
