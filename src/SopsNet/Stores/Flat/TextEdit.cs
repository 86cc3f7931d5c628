namespace SopsNet.Stores.Flat;

/// <summary>Replace <c>[Start, End)</c> of the original text by <see cref="Replacement"/> (an insertion when Start == End).</summary>
internal readonly record struct TextEdit(int Start, int End, string Replacement);
