namespace SopsNet.Tree;

/// <summary>The value types sops distinguishes; each maps to an envelope <c>type:</c> (Null is never encrypted).</summary>
public enum ScalarKind
{
    Null,
    String,
    Int,
    Float,
    Bool,
    Time,
}
