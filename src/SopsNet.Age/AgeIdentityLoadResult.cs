namespace SopsNet.Age;

/// <summary>
/// What <see cref="AgeIdentityLoader"/> found. Like sops, a broken source does not stop the others:
/// its error is kept here and reported only if no identity opens the key.
/// </summary>
/// <param name="Identities">Every identity found, in collection order.</param>
/// <param name="Errors">One line per source that was named but could not be used (never key material).</param>
/// <param name="NotFound">Variables that were unset and default files that did not exist.</param>
public sealed record AgeIdentityLoadResult(
    IReadOnlyList<IAgeIdentity> Identities,
    IReadOnlyList<string> Errors,
    IReadOnlyList<string> NotFound);
