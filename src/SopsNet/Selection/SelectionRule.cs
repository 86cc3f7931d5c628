using System.Text.RegularExpressions;

namespace SopsNet.Selection;

/// <summary>
/// Which values and comments get encrypted: exactly sops's <c>shouldBeEncrypted</c>. Key rules test every
/// key on the path (so everything under <c>nested_unencrypted:</c> stays clear); comment rules test the
/// comments active at that point of the walk (see <see cref="CommentStack"/>). Regexes are compiled once
/// per file, not per leaf. Go's RE2 is close to .NET's default engine for the patterns people write.
/// </summary>
public sealed record SelectionRule(SelectionRuleKind Kind, string Value)
{
    public static SelectionRule Default { get; } = new(SelectionRuleKind.UnencryptedSuffix, "_unencrypted");

    private Regex? regex;

    // The compiled regex is a cache, not part of the rule's identity.
    public bool Equals(SelectionRule? other) => other is not null && Kind == other.Kind && Value == other.Value;

    public override int GetHashCode() => HashCode.Combine(Kind, Value);

    public string MetadataKey => Kind switch
    {
        SelectionRuleKind.UnencryptedSuffix => "unencrypted_suffix",
        SelectionRuleKind.EncryptedSuffix => "encrypted_suffix",
        SelectionRuleKind.UnencryptedRegex => "unencrypted_regex",
        SelectionRuleKind.EncryptedRegex => "encrypted_regex",
        SelectionRuleKind.UnencryptedCommentRegex => "unencrypted_comment_regex",
        _ => "encrypted_comment_regex",
    };

    public static IReadOnlyList<string> MetadataKeys { get; } =
    [
        "unencrypted_suffix", "encrypted_suffix", "unencrypted_regex", "encrypted_regex",
        "unencrypted_comment_regex", "encrypted_comment_regex",
    ];

    public static SelectionRule FromMetadataKey(string key, string value) => new(key switch
    {
        "unencrypted_suffix" => SelectionRuleKind.UnencryptedSuffix,
        "encrypted_suffix" => SelectionRuleKind.EncryptedSuffix,
        "unencrypted_regex" => SelectionRuleKind.UnencryptedRegex,
        "encrypted_regex" => SelectionRuleKind.EncryptedRegex,
        "unencrypted_comment_regex" => SelectionRuleKind.UnencryptedCommentRegex,
        "encrypted_comment_regex" => SelectionRuleKind.EncryptedCommentRegex,
        _ => throw new ArgumentException($"unknown selection rule {key}", nameof(key)),
    }, value);

    /// <summary>Throws <see cref="ArgumentException"/> naming the rule when a regex does not compile.</summary>
    public void Validate() => _ = Regex();

    private Regex Regex()
    {
        try
        {
            return regex ??= new Regex(Value, RegexOptions.CultureInvariant);
        }
        catch (ArgumentException e)
        {
            // .NET quotes the pattern, which a file can give line breaks ("[\n" from an INI escape): the
            // message must stay one line (found by fuzzing).
            var reason = e.Message.Replace("\r", "\\r", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal);
            throw new ArgumentException($"{MetadataKey}: invalid regular expression: {reason}", e);
        }
    }

    public bool ShouldEncrypt(IReadOnlyList<string> path, CommentStack comments, bool isComment)
    {
        switch (Kind)
        {
            case SelectionRuleKind.UnencryptedSuffix:
                return !path.Any(k => k.EndsWith(Value, StringComparison.Ordinal));
            case SelectionRuleKind.EncryptedSuffix:
                return path.Any(k => k.EndsWith(Value, StringComparison.Ordinal));
            case SelectionRuleKind.UnencryptedRegex:
                return !path.Any(k => Regex().IsMatch(k));
            case SelectionRuleKind.EncryptedRegex:
                return path.Any(k => Regex().IsMatch(k));
            case SelectionRuleKind.UnencryptedCommentRegex:
                return !comments.Active(skipLast: false).Any(c => Regex().IsMatch(c));
            default:
                // sops leaves the marker comment itself readable: the comment being judged is skipped.
                return comments.Active(skipLast: isComment).Any(c => Regex().IsMatch(c));
        }
    }
}
