namespace SopsNet.Documents;

/// <summary>
/// A decrypted file as the output format writes it, with the paths of comments that looked encrypted but did
/// not decrypt. Memory: the content is the written part of the buffer it was written into, not a copy.
/// </summary>
public sealed record DecryptedText(ReadOnlyMemory<byte> Content, IReadOnlyList<string> UndecryptableComments);
