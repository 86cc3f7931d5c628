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
}
