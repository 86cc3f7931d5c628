namespace SopsNet.Stores.Ini;

/// <summary>How a value was spelled, so a changed value is written back the same way when it fits.</summary>
internal enum IniValueStyle
{
    Plain,
    DoubleQuoted,
    SingleQuoted,
    Backtick,
    TripleQuoted,

    /// <summary>A value continued over several lines with a trailing backslash; rewritten on one line.</summary>
    Continued,
}
