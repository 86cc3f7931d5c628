using SopsNet.Stores;

namespace SopsNet.Cli.Output;

/// <summary>
/// Store warnings as <see cref="Reporter.StoreWarnings(string, WarningTally)"/> shows them: the first few
/// places of each, and a count of the rest. Memory: a large file read entry by entry hands its warnings
/// over one at a time, and 10,000 identical ones held whole were 3 MB of a 27 MB budget.
/// </summary>
internal sealed class WarningTally
{
    private const int ShownPerWarning = 3;

    private readonly List<StoreWarning> shown = [];
    private readonly Dictionary<string, int> counts = new(StringComparer.Ordinal);

    /// <summary>The warnings shown, in the order they came.</summary>
    public IReadOnlyList<StoreWarning> Shown => shown;

    /// <summary>For each warning with more places than are shown, how many more, in the order the warnings first came.</summary>
    public IEnumerable<(string Message, int More)> NotShown =>
        counts.Where(c => c.Value > ShownPerWarning).Select(c => (c.Key, c.Value - ShownPerWarning));

    public void Add(StoreWarning warning)
    {
        var count = counts[warning.Message] = counts.GetValueOrDefault(warning.Message) + 1;
        if (count <= ShownPerWarning)
        {
            shown.Add(warning);
        }
    }
}
