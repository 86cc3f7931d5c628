namespace SopsNet.Cli.Parsing;

/// <summary>The nearest real name to a mistyped one (optimal string alignment distance: a swapped pair counts as one edit).</summary>
internal static class Suggestion
{
    public static string? Nearest(string typed, IEnumerable<string> names)
    {
        // Short names need a close match, or every 3-letter typo would "mean" some unrelated flag.
        var limit = Math.Max(2, typed.Length / 4);
        return names.Distinct()
            .Select(n => (Name: n, Distance: Distance(typed, n)))
            .Where(x => x.Distance <= limit)
            .OrderBy(x => x.Distance).ThenBy(x => x.Name, StringComparer.Ordinal)
            .Select(x => x.Name).FirstOrDefault();
    }

    public static int Distance(string a, string b)
    {
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++)
        {
            d[i, 0] = i;
        }

        for (var j = 0; j <= b.Length; j++)
        {
            d[0, j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                {
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
                }
            }
        }

        return d[a.Length, b.Length];
    }
}
