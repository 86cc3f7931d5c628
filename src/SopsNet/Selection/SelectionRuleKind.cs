namespace SopsNet.Selection;

/// <summary>The six mutually exclusive ways sops decides which values to encrypt; the names are the metadata keys.</summary>
public enum SelectionRuleKind
{
    UnencryptedSuffix,
    EncryptedSuffix,
    UnencryptedRegex,
    EncryptedRegex,
    UnencryptedCommentRegex,
    EncryptedCommentRegex,
}
