namespace SopsNet.Stores.Json;

/// <summary>
/// Where an object member sits in the original. The member's span runs from <see cref="Lead"/> (the
/// end of the previous member's value, or just past the <c>{</c>; so it includes the separating
/// comma and whitespace) to <see cref="ValueEnd"/>, which lets the writer drop or keep members
/// cleanly. Between <see cref="KeyEnd"/> and <see cref="ValueStart"/> is the colon with its spacing.
/// </summary>
internal sealed record JsonMemberSource(
    JsonOriginal Original, int Lead, int KeyStart, int KeyEnd, int ValueStart, int ValueEnd, string Key);
