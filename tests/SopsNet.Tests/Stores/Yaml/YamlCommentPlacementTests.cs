using System.Text;
using SopsNet.Stores.Yaml;
using Xunit;

namespace SopsNet.Tests.Stores.Yaml;

/// <summary>
/// Which collection a comment lands in (its AAD is that collection's path) and where among the items.
/// Each case lists the comment lines of the tree dump: "path #text", in item order.
/// </summary>
public sealed class YamlCommentPlacementTests
{
    public static TheoryData<string, string[]> Cases => new()
    {
        { "# top\na: 1\n", [" #a1", "/a Int 1"] },
        { "a: 1 # inline\nb: 2\n", [" #a2", "/a Int 1", "/b Int 2"] },
        { "a:\n    # head of b\n    b: 1\n", ["/a #a3", "/a/b Int 1"] },
        { "a:\n    b: 1\n    # foot of a\nc: 2\n", ["/a/b Int 1", "/a #a4", "/c Int 2"] },
        { "a:\n    b: 1\n# before c\nc: 2\n", ["/a/b Int 1", " #a5", "/c Int 2"] },
        { "a:\n    b:\n        c: 1\n    # x\n    d: 2\n", ["/a/b/c Int 1", "/a #a6", "/a/d Int 2"] },
        { "l:\n    - x\n    # in list\n    - y # inline item\n", ["/l/- String x", "/l/- #a7", "/l/- #a8", "/l/- String y"] },
        { "l:\n    - k: v\n      # in item\n      k2: v2\n", ["/l/-/k String v", "/l/- #a9", "/l/-/k2 String v2"] },
        { "f: {a: 1, # in flow\n    b: 2}\n", ["/f #a10", "/f/a Int 1", "/f/b Int 2"] },
        { "f: [1, 2] # after flow\n", [" #a11", "/f/- Int 1", "/f/- Int 2"] },
        { "b: | # header\n    text\n", [" #a12", "/b String text\n"] },
        { "a: 1\n# end\n", ["/a Int 1", " #a13"] },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void CommentsLandWhereSopsPutsThem(string yaml, string[] expected)
    {
        // Give every comment a unique text so the expectation can name it.
        var n = 0;
        var marked = string.Join('\n', yaml.Split('\n').Select(line =>
        {
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            return hash < 0 ? line : line[..(hash + 1)] + "a" + (++n + CaseOffset(yaml));
        }));
        var doc = new YamlStore().Parse(Encoding.UTF8.GetBytes(marked)).Documents[0];
        var lines = TreeShape.Of(doc).Split('\n')
            .Where(l => l.Contains(" #", StringComparison.Ordinal) || l.Contains(" Int ", StringComparison.Ordinal) || l.Contains(" String ", StringComparison.Ordinal))
            .ToArray();
        Assert.Equal(expected.SelectMany(e => e.Split('\n')).Where(e => e.Length > 0), lines.Where(l => l.Length > 0));
    }

    private static int CaseOffset(string yaml) => Cases.Select(c => (string)c[0]).TakeWhile(c => c != yaml)
        .Sum(c => c.Split('\n').Count(l => l.Contains('#', StringComparison.Ordinal)));
}
