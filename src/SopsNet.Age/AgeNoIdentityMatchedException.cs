namespace SopsNet.Age;

/// <summary>
/// The file is well-formed but none of the identities opens any of its stanzas. Distinct from
/// a corrupt file so callers can say "wrong key" instead of "broken file".
/// </summary>
public sealed class AgeNoIdentityMatchedException(IReadOnlyList<string> stanzaTypes, IReadOnlyList<string> tried)
    : AgeException(BuildMessage(stanzaTypes, tried))
{
    /// <summary>The types of the file's recipient stanzas (<c>X25519</c>, <c>ssh-ed25519</c>, ...).</summary>
    public IReadOnlyList<string> StanzaTypes { get; } = stanzaTypes;

    /// <summary>Public descriptions of the identities that were tried (never key material).</summary>
    public IReadOnlyList<string> Tried { get; } = tried;

    private static string BuildMessage(IReadOnlyList<string> stanzaTypes, IReadOnlyList<string> tried) =>
        tried.Count == 0
            ? "age: no identities were given to decrypt the file"
            : $"age: no identity matched the file's recipients ({string.Join(", ", stanzaTypes)}); tried: {string.Join(", ", tried)}";
}
