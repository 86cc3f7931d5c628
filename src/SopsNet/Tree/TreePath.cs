using System.Text;

namespace SopsNet.Tree;

/// <summary>
/// sops's tree path syntax, <c>["a"][0]["b"]</c>, used by --extract, set and unset and in messages.
/// Segments are strings (mapping keys) or ints (list indexes).
/// </summary>
public sealed record TreePath(IReadOnlyList<object> Segments)
{
    public static TreePath Root { get; } = new(Array.Empty<object>());

    public override string ToString()
    {
        var sb = new StringBuilder();
        foreach (var s in Segments)
        {
            sb.Append(s is int i ? $"[{i}]" : $"[\"{s}\"]");
        }

        return sb.Length == 0 ? "(top level)" : sb.ToString();
    }

    /// <summary>
    /// Parses like sops: split at <c>[</c>, strip the quotes; a segment of digits is an index. Returns
    /// null when the text is not a path.
    /// </summary>
    public static TreePath? TryParse(string text)
    {
        var segments = new List<object>();

        // A span: cutting each segment off a string copied the rest of the path, quadratic in its length.
        var rest = text.AsSpan().Trim();
        if (rest.Length == 0)
        {
            return null;
        }

        while (rest.Length > 0)
        {
            if (rest[0] != '[')
            {
                return null;
            }

            var end = rest[1..].IndexOf(']') + 1;
            if (end == 0)
            {
                return null;
            }

            var inner = rest[1..end];
            if (inner.Length >= 2 && (inner[0] == '"' || inner[0] == '\'') && inner[^1] == inner[0])
            {
                segments.Add(inner[1..^1].ToString());
            }
            else if (int.TryParse(inner, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                segments.Add(index);
            }
            else
            {
                return null;
            }

            rest = rest[(end + 1)..];
        }

        return new TreePath(segments);
    }
}
