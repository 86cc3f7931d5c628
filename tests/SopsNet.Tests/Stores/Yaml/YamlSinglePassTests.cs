using System.Diagnostics;
using System.Text;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Yaml;

/// <summary>
/// Structure and comments are read in one pass while the tree is built: a syntax error further down
/// must still win over a structural error above it, and comments at the very end must still be seen.
/// </summary>
public sealed class YamlSinglePassTests
{
    [Fact]
    public void SyntaxErrorLaterInTheFileIsReportedBeforeAnEarlierDuplicateKey()
    {
        var e = Assert.Throws<StoreException>(() => new YamlStore().Parse(Encoding.UTF8.GetBytes("a: 1\na: 2\nb: [\n")));
        Assert.StartsWith("invalid yaml", e.Message, StringComparison.Ordinal);
        Assert.Equal(4, e.Line); // the unclosed sequence is found at the end of the stream
    }

    [Theory]
    [InlineData("a: [1, 2] # c")]
    [InlineData("a: 1\n# c\n")]
    [InlineData("a: 1\n---\nb: 2\n# c\n")]
    public void CommentAtTheEndOfTheStreamIsKeptAndWrittenBack(string yaml)
    {
        var store = new YamlStore();
        var bytes = Encoding.UTF8.GetBytes(yaml);
        var doc = store.Parse(bytes);
        Assert.Contains(doc.Documents[^1].Items, n => n is Comment { Text: " c" });
        Assert.Equal(yaml, Encoding.UTF8.GetString(store.Write(doc.Documents, doc.Metadata, doc)));
    }
    [Fact]
    public void A_long_flat_mapping_with_a_comment_after_every_entry_reads_in_linear_time_and_keeps_each_comment_beside_its_entry()
    {
        // Each trailing comment was placed after every later entry had been read, and walking back to its
        // place was quadratic: 100,000 entries took over 20 s (about 2 s now, under 10 s on a busy machine).
        const int entries = 100_000;
        var yaml = string.Concat(Enumerable.Range(0, entries).Select(i => $"key{i}: [value{i}] # note {i}\n"));
        var store = new YamlStore();
        var bytes = Encoding.UTF8.GetBytes(yaml);

        var stopwatch = Stopwatch.StartNew();
        var doc = store.Parse(bytes);
        stopwatch.Stop();

        var items = doc.Documents[0].Items;
        Assert.Equal(2 * entries, items.Length);
        // sops's tree holds an entry's trailing comment just before the entry
        Assert.Equal(" note 123", Assert.IsType<Comment>(items[2 * 123]).Text);
        Assert.Equal("key123", Assert.IsType<Pair>(items[2 * 123 + 1]).Key);
        Assert.Equal(yaml, Encoding.UTF8.GetString(store.Write(doc.Documents, doc.Metadata, doc)));
        Assert.InRange(stopwatch.Elapsed, TimeSpan.Zero, TimeSpan.FromSeconds(10));
    }
}
