namespace SopsNet.Fuzz;

/// <summary>
/// One parser under fuzz: <see cref="Check"/> runs an input and returns normally when the parser accepted
/// it (and the invariant held) or refused it with its documented exception; anything else escapes as a
/// crash, a broken invariant as <see cref="FuzzFailure"/>. <see cref="Check"/> returns true when the input
/// was accepted, which the in-process mutator uses to grow its corpus.
/// </summary>
public sealed record FuzzTarget(string Name, Func<byte[], bool> Check, Func<IEnumerable<byte[]>> Seeds);
