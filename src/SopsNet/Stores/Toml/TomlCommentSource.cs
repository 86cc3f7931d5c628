namespace SopsNet.Stores.Toml;

/// <summary>Where a comment (<c>#</c> included) sits in the original, and its text as parsed.</summary>
internal sealed record TomlCommentSource(TomlOriginal Original, int Start, int Length, string Text);
