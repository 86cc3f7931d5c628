namespace SopsNet.Stores.Yaml;

/// <summary>How a scalar token is spelled in the source.</summary>
internal enum YamlScalarStyle
{
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}
