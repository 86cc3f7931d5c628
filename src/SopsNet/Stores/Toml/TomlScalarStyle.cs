namespace SopsNet.Stores.Toml;

/// <summary>How a value token is spelled: the four TOML string forms, or a bare number, boolean or date.</summary>
internal enum TomlScalarStyle
{
    Bare,
    Basic,
    Literal,
    MultiLineBasic,
    MultiLineLiteral,
}
