using System.Text;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;
using Xunit;

namespace SopsNet.Tests.Stores.Yaml;

public sealed class YamlErrorTests
{
    private static StoreException Fails(string yaml) =>
        Assert.Throws<StoreException>(() => new YamlStore().Parse(Encoding.UTF8.GetBytes(yaml)));

    [Fact]
    public void DuplicateKeyIsReportedWithPositionAndPath()
    {
        var e = Fails("a:\n    b: 1\n    c: 2\n    b: 3\n");
        Assert.Equal(4, e.Line);
        Assert.Equal(5, e.Column);
        Assert.Equal("[\"a\"][\"b\"]", e.TreePath);
        Assert.Contains("duplicate key", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("3", e.Message, StringComparison.Ordinal);
    }

    // Found by fuzzing (seed 1466518726): YamlDotNet skipped the unknown directive line, and once the sops
    // block moved after it the written file did not parse; libyaml (go-yaml, sops) refuses the line.
    [Theory]
    [InlineData("sops:\n    age:\n    - e:\n    lastmodified: \"2026-11-28T22:04:05Z\"\nc:\n%n\n#", 6)]
    [InlineData("%n\na: 1\n", 1)]
    public void AnUnknownDirectiveLineIsRefusedWithItsLine(string yaml, int line)
    {
        var e = Fails(yaml);
        Assert.Equal(line, e.Line);
        Assert.Contains("line starting with %", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%YAML 1.2\n---\na: 1\n")]
    [InlineData("%TAG ! tag:x,2000:\n---\na: 1\n")]
    [InlineData("a: 'x\n%y'\n")]
    [InlineData("b: |\n  %z\nc: 1\n")]
    public void APercentSignInsideAScalarOrAKnownDirectiveIsRead(string yaml) =>
        Assert.Single(new YamlStore().Parse(Encoding.UTF8.GetBytes(yaml)).Documents);

    [Fact]
    public void DuplicateSopsKeyInTheFirstDocumentIsAnError()
    {
        var e = Fails("a: 1\nsops:\n    version: 3.13.1\nsops:\n    version: 3.13.1\n");
        Assert.Equal(4, e.Line);
    }

    [Theory]
    [InlineData("a: [1,\n", 2)]
    [InlineData("a: 'unterminated\n", 1)]
    [InlineData("a: b\n c: d\n", 2)]
    [InlineData("a:\n\t- tab\n", 1)]
    [InlineData("a: 1\nz: !!a] x\n", 2)] // found by fuzzing: YamlDotNet threw ArgumentException for this tag
    public void SyntaxErrorsCarryAPosition(string yaml, int line)
    {
        var e = Fails(yaml);
        Assert.Equal(line, e.Line);
        Assert.True(e.Column > 0);
        Assert.StartsWith("invalid yaml", e.Message, StringComparison.Ordinal);
    }

    /// <summary>go-yaml refuses tabs as block indentation but reads them as separation inside a flow collection.</summary>
    [Theory]
    [InlineData("a:\n\tb: 1\n")]
    [InlineData("a:\n    b:\n\t- x\n")]
    [InlineData("a:\n  \tb: 1\n")]
    public void TabsAsBlockIndentationAreAnError(string yaml)
    {
        var e = Fails(yaml);
        Assert.StartsWith("invalid yaml", e.Message, StringComparison.Ordinal);
        Assert.Contains("tab", e.Message, StringComparison.Ordinal);
    }

    /// <summary>Tabs are separation only while a flow collection is open; the block mapping after one is checked again.</summary>
    [Fact]
    public void ATabIndentingABlockMappingAfterAFlowCollectionIsAnError()
    {
        var e = Fails("a: {\n\t\"b\": [1,\n\t\t2]}\nc:\n  \td: 1\n");
        Assert.Equal(5, e.Line);
        Assert.Contains("tab", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TabsInsideAFlowMappingAreSeparationAsInGoYaml()
    {
        var parsed = new YamlStore().Parse(Encoding.UTF8.GetBytes(
            "secrets: {\n\t\"db\": {\n\t\t\"port\": 5432,\n\t\t\"user\": \"admin\"\n\t},\n\t\"list\": [\n\t\t\"a\",\n\t\t\"b\"\n\t],\n\t\"on\": true\n}\nafter: 1\n"));

        Assert.Equal("{secrets: {db: {port: Int(5432),user: String(admin),},list: [String(a),String(b),],on: Bool(true),},after: Int(1),}", Support.TreeText.Of(parsed.Documents[0]));
    }

    /// <summary>
    /// go-yaml's plain scalar scanner refuses a tab left of the block indentation on the line after a plain
    /// scalar, even inside a flow collection (a JSON number ending a line of a tab-indented mapping); so does
    /// YamlDotNet's, a port of the same libyaml code, and sops cannot read such a file either.
    /// </summary>
    [Theory]
    [InlineData("a: [foo\n\tbar]\n")]
    [InlineData("a: {\n\t\"port\": 5432\n\t}\n")]
    public void ATabStartingTheLineAfterAPlainScalarInAFlowCollectionIsAnErrorAsInGoYaml(string yaml) =>
        Assert.Contains("tab character", Fails(yaml).Message, StringComparison.Ordinal);

    [Fact]
    public void SequenceDocumentIsRejected()
    {
        var e = Fails("- a\n- b\n");
        Assert.Equal("yaml documents that are sequences are not supported", e.Message);
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void SequenceInALaterDocumentIsRejected()
    {
        var e = Fails("a: 1\n---\n- b\n");
        Assert.Equal(3, e.Line);
    }

    [Theory]
    [InlineData("just a string\n")]
    [InlineData("--- 42\n")]
    public void ScalarDocumentIsRejected(string yaml) =>
        Assert.Equal("yaml documents that are scalars are not supported", Fails(yaml).Message);

    [Fact]
    public void ComplexKeysAreRejected()
    {
        var e = Fails("? [a, b]\n: c\n");
        Assert.Equal(1, e.Line);
    }

    [Fact]
    public void InvalidUtf8IsRejected() =>
        Assert.Throws<StoreException>(() => new YamlStore().Parse([(byte)'a', (byte)':', (byte)' ', 0xFF, (byte)'\n']));

    [Fact]
    public void EmptyDocumentsAreEmptyMappings()
    {
        var parsed = new YamlStore().Parse("---\n---\na: 1\n"u8.ToArray());
        Assert.Equal(2, parsed.Documents.Length);
        Assert.Empty(parsed.Documents[0].Items);
        Assert.Single(parsed.Documents[1].Items);
    }
}
