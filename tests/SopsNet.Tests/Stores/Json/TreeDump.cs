using System.Text;
using SopsNet.Tree;

namespace SopsNet.Tests.Stores.Json;

/// <summary>
/// A structural text of a tree (kinds, keys, texts; Sources ignored), since records holding
/// ImmutableArrays compare by reference.
/// </summary>
internal static class TreeDump
{
    public static string Of(Node? node)
    {
        var sb = new StringBuilder();
        Append(sb, node);
        return sb.ToString();
    }

    private static void Append(StringBuilder sb, Node? node)
    {
        switch (node)
        {
            case null:
                sb.Append("<none>");
                break;
            case Mapping m:
                sb.Append('{');
                foreach (var item in m.Items)
                {
                    Append(sb, item);
                    sb.Append(';');
                }

                sb.Append('}');
                break;
            case Sequence s:
                sb.Append('[');
                foreach (var item in s.Items)
                {
                    Append(sb, item);
                    sb.Append(';');
                }

                sb.Append(']');
                break;
            case Pair p:
                sb.Append('<').Append(p.Key).Append(">=");
                Append(sb, p.Value);
                break;
            case Scalar s:
                sb.Append(s.Kind).Append('(').Append(s.Text).Append(')');
                break;
            case Comment c:
                sb.Append('#').Append(c.Text);
                break;
        }
    }
}
