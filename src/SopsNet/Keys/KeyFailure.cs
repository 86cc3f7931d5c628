namespace SopsNet.Keys;

/// <summary>Why one master key could not open a data key (or share): the key as shown to the user, and the reason.</summary>
internal sealed record KeyFailure(string Key, string Reason)
{
    /// <summary>
    /// "age age1a…, age age1b…: no age identities were found: …": keys that failed for the same reason share
    /// one explanation. Without any identity every recipient fails alike, and repeating a long hint once per
    /// recipient buried the one line that mattered.
    /// </summary>
    public static string Join(IEnumerable<KeyFailure> failures) => string.Join("; ", failures
        .GroupBy(f => f.Reason, StringComparer.Ordinal)
        .Select(g => $"{string.Join(", ", g.Select(f => f.Key))}: {g.Key}"));
}
