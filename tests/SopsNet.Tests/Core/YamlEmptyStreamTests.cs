using System.Text;
using CsCheck;
using SopsNet.Documents;
using Xunit;

namespace SopsNet.Tests.Core;

/// <summary>
/// A YAML stream of only comments and blank lines holds no document for go-yaml, and sops refuses to encrypt
/// it (exit 92). The check now stops at the first line of data instead of splitting the file into lines; it
/// must say what splitting said.
/// </summary>
public sealed class YamlEmptyStreamTests
{
    [Theory]
    [InlineData("", true)]
    [InlineData("# only\n\n  # comments\r\n", true)]
    [InlineData("\uFEFF\uFEFF# after byte order marks\n", true)]
    [InlineData("# a\rb: 1", false)]
    [InlineData("\u00A0# after a no-break space\n", true)]
    [InlineData("a: 1\n", false)]
    [InlineData("---\n# comment\n", false)]
    public void OnlyCommentsAndBlankLinesAreAnEmptyStream(string yaml, bool empty)
    {
        Assert.Equal(empty, YamlDocuments.IsEmptyStream(Encoding.UTF8.GetBytes(yaml)));
        Assert.Equal(empty, SplitIntoLines(Encoding.UTF8.GetBytes(yaml)));
    }

    [Fact]
    public void GeneratedStreamsAreJudgedAsSplittingIntoLinesJudgedThem() =>
        Gen.OneOfConst("#", "# c", " ", "\t", "\r", "\n", "\r\n", "\uFEFF", "\u00A0", "a", ":", "-", "\u2028")
            .Array[0, 12]
            .Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)))
            .Sample(bytes => Assert.Equal(SplitIntoLines(bytes), YamlDocuments.IsEmptyStream(bytes)), iter: 3000);

    /// <summary>The check's former way: every line split out, trimmed, and looked at.</summary>
    private static bool SplitIntoLines(byte[] content) =>
        Encoding.UTF8.GetString(content).TrimStart('\uFEFF').Split(['\r', '\n'])
            .Select(l => l.Trim())
            .All(l => l.Length == 0 || l.StartsWith('#'));
}
