namespace SopsNet.Stores.Yaml;

/// <summary>A comment token [<see cref="Start"/> = the <c>#</c>, <see cref="End"/> = end of line).</summary>
internal sealed record YamlCommentSource(YamlFileSource File, int Start, int End, bool Inline, string Text);
