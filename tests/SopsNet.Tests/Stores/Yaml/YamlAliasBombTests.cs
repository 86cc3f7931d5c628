using System.Text;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Tests.Stores.Yaml;

/// <summary>
/// Aliases are bounded as go-yaml v3 bounds them (decode.go, allowedAliasRatio), so a file sops reads is
/// read and a file sops refuses as "excessive aliasing" is refused, before any copy is made.
/// </summary>
public sealed class YamlAliasBombTests
{
    /// <summary>
    /// An anchored list of 1000 items and a list of <paramref name="aliases"/> aliases to it. go-yaml
    /// decodes 1006 + 1002·k nodes, 1001·k of them through an alias; up to 400,000 nodes 99% may be.
    /// </summary>
    private static byte[] Aliased(int aliases) => Encoding.UTF8.GetBytes(
        $"a: &a [{string.Join(", ", Enumerable.Repeat("1", 1000))}]\nb: [{string.Join(", ", Enumerable.Repeat("*a", aliases))}]\n");

    [Fact]
    public void Aliases_that_go_yaml_accepts_are_expanded()
    {
        var doc = new YamlStore().Parse(Aliased(110)).Documents[0];

        var copies = Assert.IsType<Sequence>(doc["b"]).Items;
        Assert.Equal(110, copies.Length);
        Assert.All(copies, copy => Assert.Equal(1000, Assert.IsType<Sequence>(copy).Items.Length));
    }

    [Fact]
    public void One_alias_more_than_go_yaml_accepts_is_refused_where_it_is()
    {
        var e = Assert.Throws<StoreException>(() => new YamlStore().Parse(Aliased(111)));

        Assert.Equal("invalid yaml: the document contains excessive aliasing (its aliases expand to too many nodes)", e.Message);
        Assert.Equal((2, 5 + (110 * 4)), (e.Line, e.Column));
    }

    [Fact]
    public void The_billion_laughs_is_refused_before_anything_is_copied()
    {
        var bomb = new StringBuilder("a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n");
        for (var level = 'b'; level <= 'i'; level++)
        {
            bomb.Append($"{level}: &{level} [{string.Join(',', Enumerable.Repeat("*" + (char)(level - 1), 9))}]\n");
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        var e = Assert.Throws<StoreException>(() => new YamlStore().Parse(Encoding.UTF8.GetBytes(bomb.ToString())));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Contains("excessive aliasing", e.Message, StringComparison.Ordinal);
        Assert.InRange(allocated, 0, 10L * 1024 * 1024);
    }
}
