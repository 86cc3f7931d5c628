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

    [Fact]
    public void An_alias_that_would_nest_past_256_levels_is_refused_where_it_is()
    {
        // Each list is 200 levels deep; the anchored one, copied into the innermost of the other, 399.
        var text = "a: &a " + new string('[', 199) + "1" + new string(']', 199) + "\nb: " + new string('[', 199) + "*a" + new string(']', 199) + "\n";

        var e = Assert.Throws<StoreException>(() => new YamlStore().Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Equal("yaml: nesting is deeper than 256 levels", e.Message);
        Assert.Equal((2, 4 + 199), (e.Line, e.Column));
    }

    [Fact]
    public void Chained_aliases_cannot_nest_past_256_levels_either()
    {
        // Anchors of 30 levels, each holding the one before: the ninth would nest 271 levels.
        var text = new StringBuilder("a0: &a0 1\n");
        for (var i = 1; i <= 10; i++)
        {
            text.Append($"a{i}: &a{i} {new string('[', 30)}*a{i - 1}{new string(']', 30)}\n");
        }

        var e = Assert.Throws<StoreException>(() => new YamlStore().Parse(Encoding.UTF8.GetBytes(text.ToString())));

        Assert.Equal("yaml: nesting is deeper than 256 levels", e.Message);
        Assert.Equal(10, e.Line);
    }
}
