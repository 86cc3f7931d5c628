namespace SopsNet.Fuzz;

/// <summary>
/// An input broke a target's invariant (not a documented refusal): the fuzzers report it as a crash.
/// </summary>
public sealed class FuzzFailure(string message, Exception? inner = null) : Exception(message, inner);
