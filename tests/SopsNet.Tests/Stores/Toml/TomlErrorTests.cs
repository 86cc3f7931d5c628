using System.Text;
using SopsNet.Stores;
using SopsNet.Stores.Toml;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Toml;

public sealed class TomlErrorTests
{
    public static TheoryData<string, int, int, string> BadFiles() => new()
    {
        { "a = 1\nb = = \"s3cr3t\"\n", 2, 5, "syntax error" },
        { "a = \"s3cr3t\n", 1, 12, "syntax error" },
        { "[t]\nx = 1\n[t\n", 3, 3, "syntax error" },
        { "a = \"s3cr3t\"\na = \"s3cr3t\"\n", 2, 1, "duplicate key" },
        { "[t]\nx = 1\n[t]\ny = 2\n", 3, 1, "duplicate key" },
        { "[t]\nx = 1\nx = \"s3cr3t\"\n", 3, 1, "duplicate key" },
        { "a.b = 1\na.b = 2\n", 2, 1, "duplicate key" },
        { "k = { a = 1, a = 2 }\n", 1, 14, "duplicate key" },
        { "a.b = \"s3cr3t\"\n[a]\nx = 1\n", 2, 1, "duplicate key" },
        { "[a.b]\nx = 1\n[a]\nb.y = \"s3cr3t\"\n", 4, 1, "duplicate key" },
        { "[a]\nb.c = \"s3cr3t\"\n[a.b]\n", 3, 1, "duplicate key" },
        { "[[a]]\nx = 1\n[a]\n", 3, 1, "reuses the name" },

        // Found by the fuzz harness: Tomlyn threw ArgumentOutOfRangeException when the file ends in an escape.
        { "a = 1\nb = \"s3cr3t\\", 2, 13, "ends inside an escape" },
        { "b = \"s3cr3t\\u00", 1, 16, "ends inside an escape" },
    };

    [Theory]
    [MemberData(nameof(BadFiles))]
    public void BadInputReportsLineAndColumnWithoutTheValue(string text, int line, int column, string words)
    {
        var e = Assert.Throws<StoreException>(() => new TomlStore().Parse(Encoding.UTF8.GetBytes(text)));

        Assert.Equal((line, column), (e.Line, e.Column));
        Assert.Contains(words, e.Message, StringComparison.Ordinal);
        Assert.StartsWith("toml: ", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cr3t", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[a.b]\nx = 1\n[a]\ny = 2\n")]
    [InlineData("[fruit]\napple.color = \"red\"\n[fruit.apple.texture]\nsmooth = true\n")]
    [InlineData("[[a]]\nx = 1\n[a.b]\ny = 2\n[[a]]\nx = 3\n")]
    [InlineData("[a.b.c]\nz = 1\n[a]\nb.d = 2\n")]
    public void ATableDefinedOnceInEachWayTomlAllowsIsRead(string text) =>
        Assert.Single(new TomlStore().Parse(Encoding.UTF8.GetBytes(text)).Documents);

    [Fact]
    public void TwoKeysWithEqualStringHashCodesAreNotDuplicates()
    {
        // Tomlyn's own validation called two keys of a table duplicates when their string hash codes were
        // equal (a table of 80,000 keys failed every other run). Hash codes change with every process, so
        // the pair is found in this one.
        var seen = new Dictionary<int, string>();
        var (first, second) = ("", "");
        for (var i = 0; first.Length == 0; i++)
        {
            var key = "k" + i;
            if (!seen.TryAdd(key.GetHashCode(), key))
            {
                (first, second) = (seen[key.GetHashCode()], key);
            }
        }

        var doc = new TomlStore().Parse(Encoding.UTF8.GetBytes($"[t]\n{first} = 1\n{second} = 2\n")).Documents[0];

        Assert.Equal([first, second], ((Mapping)doc["t"]!).Pairs.Select(p => p.Key));
    }

    [Fact]
    public void ASopsTableBeforeOtherTablesIsRefused()
    {
        var e = Assert.Throws<StoreException>(() => new TomlStore().Parse("[sops]\nversion = \"3.13.2\"\n[data]\nx = 1\n"u8.ToArray()));

        Assert.Equal((3, 1), (e.Line, e.Column));
        Assert.Contains("[sops] table must come after", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SopsMetadataOutsideASopsTableIsRefused()
    {
        var e = Assert.Throws<StoreException>(() => new TomlStore().Parse("sops = { version = \"3.13.2\" }\n"u8.ToArray()));

        Assert.Contains("must be a [sops] table", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InvalidUtf8IsRefused()
    {
        var e = Assert.Throws<StoreException>(() => new TomlStore().Parse([0x61, 0x20, 0x3D, 0x20, 0x22, 0xFF, 0x22]));

        Assert.Contains("utf-8", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ANullValueCannotBeWritten()
    {
        var e = Assert.Throws<StoreException>(() => new TomlStore().Write([new Mapping([new Pair("a", new Mapping([new Pair("b", Scalar.Null)]))])], null, null));

        Assert.Contains("null", e.Message, StringComparison.Ordinal);
        Assert.Equal("[\"a\"][\"b\"]", e.TreePath);
    }
}
