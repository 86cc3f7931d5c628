namespace SopsNet.Stores.Yaml;

/// <summary>Replace the original text [<see cref="Start"/>, <see cref="End"/>) by <see cref="Text"/>.</summary>
internal sealed record YamlEdit(int Start, int End, string Text);
