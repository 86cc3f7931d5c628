using System.Text;
using SopsNet.Tree;

namespace SopsNet.Tests.Support;

/// <summary>
/// A readable, structural rendering of a tree for assertions (record equality compares ImmutableArrays by
/// reference, and Source handles would get in the way).
/// </summary>
public static class TreeText
{
    public static string Of(Node? node)
    {
        var sb = new StringBuilder();
        Write(sb, node);
        return sb.ToString();
    }

    private static void Write(StringBuilder sb, Node? node)
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
                    Write(sb, item);
                    sb.Append(',');
                }

                sb.Append('}');
                break;
            case Sequence s:
                sb.Append('[');
                foreach (var item in s.Items)
                {
                    Write(sb, item);
                    sb.Append(',');
                }

                sb.Append(']');
                break;
            case Pair p:
                sb.Append(p.Key).Append(": ");
                Write(sb, p.Value);
                break;
            case Comment c:
                sb.Append('#').Append(c.Text);
                break;
            case Scalar s:
                sb.Append(s.Kind).Append('(').Append(s.Text).Append(')');
                break;
        }
    }
}
