namespace SopsNet.Tree;

/// <summary>
/// Structural equality of trees, ignoring Source handles (records compare ImmutableArrays by reference).
/// Used to tell a no-op edit from a real one, so an unchanged file is not rewritten.
/// </summary>
public static class TreeEquality
{
    public static bool Equal(Node? a, Node? b) => (a, b) switch
    {
        (null, null) => true,
        (Mapping x, Mapping y) => Items(x.Items, y.Items),
        (Sequence x, Sequence y) => Items(x.Items, y.Items),
        (Pair x, Pair y) => x.Key == y.Key && Equal(x.Value, y.Value),
        (Comment x, Comment y) => x.Text == y.Text,
        (Scalar x, Scalar y) => x.Kind == y.Kind && x.Text == y.Text &&
            (x.Raw ?? []).AsSpan().SequenceEqual(y.Raw ?? []),
        _ => false,
    };

    private static bool Items(System.Collections.Immutable.ImmutableArray<Node> a, System.Collections.Immutable.ImmutableArray<Node> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length; i++)
        {
            if (!Equal(a[i], b[i]))
            {
                return false;
            }
        }

        return true;
    }
}
