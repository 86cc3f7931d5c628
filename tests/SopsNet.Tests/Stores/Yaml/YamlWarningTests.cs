using System.Text;
using SopsNet.Stores.Yaml;
using Xunit;

namespace SopsNet.Tests.Stores.Yaml;

/// <summary>Values whose spelling sops compatibility forces to change are reported, with position and path, never the value.</summary>
public sealed class YamlWarningTests
{
    [Theory]
    [InlineData("v: 2024-01-01\n", "timestamp")]
    [InlineData("v: 0x1F\n", "decimal")]
    [InlineData("v: >\n    sekrit\n    sekrit\n", "folded block scalar")]
    [InlineData("v: sekrit\n    sekrit\n", "plain scalar")]
    [InlineData("v: {k: sekrit}\n", "flow collection")]
    [InlineData("v: \"\\u00e9\"\n", "double-quoted scalar")]
    [InlineData("v: |\n    a\n  \n    b\n", "literal block scalar")]
    [InlineData("v: !!int 5\n", "untagged")]
    [InlineData("v: !!binary aGVsbG8=\n", "binary")]
    public void ForcedChangesAreWarned(string yaml, string fragment)
    {
        var parsed = new YamlStore().Parse(Encoding.UTF8.GetBytes(yaml));
        var warning = Assert.Single(parsed.Warnings);
        Assert.Contains(fragment, warning.Message, StringComparison.Ordinal);
        Assert.StartsWith("[\"v\"]", warning.Path, StringComparison.Ordinal);
        Assert.Equal(1, warning.Line);
        foreach (var secret in new[] { "sekrit", "hello", "2024", "31", "1F" })
        {
            Assert.DoesNotContain(secret, warning.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void ASopsKeyInALaterDocumentOfAPlaintextFileIsDroppedWithAWarning()
    {
        // Found by fuzzing: writing such a file back silently lost the key.
        var parsed = new YamlStore().Parse("a: 1\n---\nb: 2\nsops:\n    k: sekrit\n"u8.ToArray());

        var warning = Assert.Single(parsed.Warnings);
        Assert.Equal(("[\"sops\"]", 4), (warning.Path, warning.Line));
        Assert.Contains("dropped", warning.Message, StringComparison.Ordinal);
        Assert.Null(parsed.Documents[1]["sops"]);
    }

    [Fact]
    public void AliasIsExpandedWithAWarning()
    {
        var parsed = new YamlStore().Parse("base: &b\n    k: v\ncopy: *b\nlist:\n    - *b\n"u8.ToArray());
        Assert.Equal(2, parsed.Warnings.Count(w => w.Message.Contains("alias", StringComparison.Ordinal)));
        Assert.Equal("[\"copy\"]", parsed.Warnings[0].Path);
        Assert.Equal(3, parsed.Warnings[0].Line);
        Assert.Equal(TreeShape.Of(parsed.Documents[0]["base"]!), TreeShape.Of(parsed.Documents[0]["copy"]!));
    }

    [Fact]
    public void FaithfulFileHasNoWarnings()
    {
        var parsed = new YamlStore().Parse("""
            # comment
            a: 'single'
            b: "double\tescape"
            c: |
                literal
            d: [1, "x", 'y']
            e: 2024-01-01T00:00:00Z
            f: 1.50

            """u8.ToArray());
        Assert.Empty(parsed.Warnings);
    }
}
