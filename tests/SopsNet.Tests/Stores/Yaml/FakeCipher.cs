using System.Collections.Immutable;
using System.Text;
using SopsNet.Tree;

namespace SopsNet.Tests.Stores.Yaml;

/// <summary>
/// A stand-in for the engine's value cipher: every non-empty scalar and comment becomes an
/// <c>ENC[...]</c> token carrying its text in base64 and its kind in <c>type:</c>, and back. Nodes are
/// replaced with <c>with</c>, exactly as the engine does, so their store sources survive.
/// </summary>
internal static class FakeCipher
{
    // Round trips go through the real engine (AES-GCM, real AADs); the readable fake tokens below are
    // for tests that look inside an envelope.
    public static ImmutableArray<Mapping> Encrypt(ImmutableArray<Mapping> docs) => Support.EngineCipher.Encrypt(docs);

    public static ImmutableArray<Mapping> Decrypt(ImmutableArray<Mapping> docs) => Support.EngineCipher.Decrypt(docs);

    public static ImmutableArray<Mapping> EncryptReadably(ImmutableArray<Mapping> docs) => [.. docs.Select(d => (Mapping)Map(d, Enc))];

    public static string Envelope(string text, string type) =>
        $"ENC[AES256_GCM,data:{Convert.ToBase64String(Encoding.UTF8.GetBytes(text))},iv:AAAA,tag:AAAA,type:{type}]";

    public static Node Map(Node node, Func<Node, Node> leaf) => node switch
    {
        Mapping m => m with { Items = [.. m.Items.Select(i => Map(i, leaf))] },
        Sequence s => s with { Items = [.. s.Items.Select(i => Map(i, leaf))] },
        Pair p => p with { Value = Map(p.Value, leaf) },
        _ => leaf(node),
    };

    private static Node Enc(Node node) => node switch
    {
        Scalar { Kind: ScalarKind.Null } s => s,
        Scalar { Kind: ScalarKind.String, Text.Length: 0 } s => s,
        Scalar s => s with { Kind = ScalarKind.String, Text = Envelope(s.Text, TypeName(s.Kind)) },
        Comment { Text.Length: 0 } c => c,
        Comment c => c with { Text = Envelope(c.Text, "comment") },
        _ => node,
    };

    private static Node Dec(Node node)
    {
        switch (node)
        {
            case Scalar { Kind: ScalarKind.String } s when TryOpen(s.Text, out var text, out var type):
                return s with { Kind = KindOf(type), Text = text };
            case Comment c when TryOpen(c.Text, out var text, out _):
                return c with { Text = text };
            default:
                return node;
        }
    }

    public static bool TryOpen(string envelope, out string text, out string type)
    {
        text = type = "";
        if (!envelope.StartsWith("ENC[AES256_GCM,data:", StringComparison.Ordinal))
        {
            return false;
        }

        var data = envelope["ENC[AES256_GCM,data:".Length..envelope.IndexOf(",iv:", StringComparison.Ordinal)];
        var typeAt = envelope.IndexOf(",type:", StringComparison.Ordinal) + ",type:".Length;
        type = envelope[typeAt..envelope.IndexOf(']', typeAt)];
        text = Encoding.UTF8.GetString(Convert.FromBase64String(data));
        return true;
    }

    public static string TypeName(ScalarKind kind) => kind switch
    {
        ScalarKind.String => "str",
        ScalarKind.Int => "int",
        ScalarKind.Float => "float",
        ScalarKind.Bool => "bool",
        _ => "time",
    };

    private static ScalarKind KindOf(string type) => type switch
    {
        "str" => ScalarKind.String,
        "int" => ScalarKind.Int,
        "float" => ScalarKind.Float,
        "bool" => ScalarKind.Bool,
        _ => ScalarKind.Time,
    };

    /// <summary>Metadata shaped like what the engine hands the store (sorted keys, a PGP literal block).</summary>
    public static Mapping Metadata { get; } = new([
        new Pair("lastmodified", Scalar.String("2026-05-22T20:16:23Z")),
        new Pair("mac", Scalar.String(Envelope("ABCDEF", "str"))),
        new Pair("pgp", new Sequence([
            new Mapping([
                new Pair("created_at", Scalar.String("2026-05-22T20:16:20Z")),
                new Pair("enc", Scalar.String("-----BEGIN PGP MESSAGE-----\n\nabc\n-----END PGP MESSAGE-----")),
                new Pair("fp", Scalar.String("FBC7B9E2A4F9289AC0C1D4843D16CEE4A27381B4")),
            ]),
        ])),
        new Pair("unencrypted_suffix", Scalar.String("_unencrypted")),
        new Pair("version", Scalar.String("3.13.1")),
    ]);
}
