using System.Text;
using SopsNet.Tree;

namespace SopsNet.Tests.Stores.Yaml;

/// <summary>A readable dump of a tree (keys, kinds, texts, comments) to compare trees in assertions.</summary>
internal static class TreeShape
{
    public static string Of(Node node, bool withValues = true)
    {
        var sb = new StringBuilder();
        Write(node, "", sb, withValues);
        return sb.ToString();
    }

    private static void Write(Node node, string path, StringBuilder sb, bool withValues)
    {
        switch (node)
        {
            case Mapping m:
                sb.Append(path).Append(" {\n");
                foreach (var item in m.Items)
                {
                    if (item is Pair p)
                    {
                        Write(p.Value, path + "/" + p.Key, sb, withValues);
                    }
                    else
                    {
                        Write(item, path, sb, withValues);
                    }
                }

                sb.Append(path).Append(" }\n");
                break;
            case Sequence s:
                sb.Append(path).Append(" [\n");
                foreach (var item in s.Items)
                {
                    Write(item, path + "/-", sb, withValues);
                }

                sb.Append(path).Append(" ]\n");
                break;
            case Comment c:
                sb.Append(path).Append(" #").Append(withValues ? c.Text : "").Append('\n');
                break;
            case Scalar sc:
                sb.Append(path).Append(withValues ? $" {sc.Kind} {sc.Text}" : sc.Kind == ScalarKind.Null ? " null" : " value").Append('\n');
                break;
        }
    }
}
