using System.Text;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Tests.Stores.Json;

/// <summary>
/// A stand-in for the core's value cipher (built elsewhere): replaces every non-null scalar by an
/// ENC envelope string carrying its text in base64 and its kind, and back, keeping each node's
/// Source the way the engine does (with <c>with</c>).
/// </summary>
internal static class FakeCipher
{
    // Round trips go through the real engine (AES-GCM, real AADs).
    public static Mapping Encrypt(Mapping m) => Support.EngineCipher.Encrypt(m);

    public static Mapping Decrypt(Mapping m) => Support.EngineCipher.Decrypt(m);

    public static Node Map(Node node, Func<Scalar, Scalar> f) => node switch
    {
        Mapping m => m with { Items = [.. m.Items.Select(i => Map(i, f))] },
        Sequence s => s with { Items = [.. s.Items.Select(i => Map(i, f))] },
        Pair p => p with { Value = Map(p.Value, f) },
        Scalar s => f(s),
        _ => node,
    };

    public static Scalar Encrypt(Scalar s) => s.Kind == ScalarKind.Null
        ? s
        : s with
        {
            Kind = ScalarKind.String,
            Text = $"ENC[AES256_GCM,data:{Convert.ToBase64String(Encoding.UTF8.GetBytes(s.Text))},iv:AAAA,tag:AAAA,type:{Canonical.TypeName(s.Kind)}]",
        };

    public static Scalar Decrypt(Scalar s)
    {
        if (s.Kind != ScalarKind.String || !s.Text.StartsWith("ENC[", StringComparison.Ordinal))
        {
            return s;
        }

        var fields = s.Text[4..^1].Split(',');
        var data = fields.Single(f => f.StartsWith("data:", StringComparison.Ordinal))[5..];
        var type = fields.Single(f => f.StartsWith("type:", StringComparison.Ordinal))[5..];
        var kind = type switch
        {
            "str" => ScalarKind.String,
            "int" => ScalarKind.Int,
            "float" => ScalarKind.Float,
            "bool" => ScalarKind.Bool,
            "time" => ScalarKind.Time,
            _ => throw new FormatException("unknown type " + type),
        };
        return s with { Kind = kind, Text = Encoding.UTF8.GetString(Convert.FromBase64String(data)) };
    }
}
