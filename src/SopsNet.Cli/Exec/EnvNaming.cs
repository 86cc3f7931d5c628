namespace SopsNet.Cli.Exec;

/// <summary>How a value's tree path becomes an environment variable name.</summary>
/// <param name="Separator">Joins path parts; <c>__</c> by default, which .NET configuration reads as <c>Section:Key</c>.</param>
/// <param name="Upper">Upper-cases the whole name, prefix included.</param>
/// <param name="Prefix">Put before every name as it is (no separator is added).</param>
internal sealed record EnvNaming(string Separator = "__", bool Upper = false, string Prefix = "");
