namespace SopsNet.Documents;

/// <summary>A decrypted file as the output format writes it, with the paths of comments that looked encrypted but did not decrypt.</summary>
public sealed record DecryptedText(byte[] Content, IReadOnlyList<string> UndecryptableComments);
