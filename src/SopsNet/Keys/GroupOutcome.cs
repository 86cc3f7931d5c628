namespace SopsNet.Keys;

/// <summary>What opening one key group gave: its secret (data key or share), or why each key failed.</summary>
internal sealed record GroupOutcome(byte[]? Secret, IReadOnlyList<KeyFailure> Failures);
