namespace SopsNet.Age;

/// <summary>One recipient stanza of an age header: <c>-> Type Args...</c> followed by the body.</summary>
public sealed record AgeStanza(string Type, IReadOnlyList<string> Args, byte[] Body);
