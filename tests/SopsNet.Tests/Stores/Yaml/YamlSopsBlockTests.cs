using System.Text;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Yaml;

/// <summary>
/// Rewriting the sops block of an existing file: the old block is cut out and a fresh one written, and
/// nothing that is data may go with it (found by fuzzing).
/// </summary>
public sealed class YamlSopsBlockTests
{
    private static readonly YamlStore Store = new();

    private static readonly Mapping Metadata = new([new Pair("version", Scalar.String("3.13.2"))]);

    private static readonly string Block = new YamlFreshEmitter(4).SopsBlock(Metadata, 0, "\n");

    private static SopsNet.Stores.StoreDocument Parse(string yaml) => Store.Parse(Encoding.UTF8.GetBytes(yaml));

    private static string Write(SopsNet.Stores.StoreDocument parsed, Mapping? metadata) =>
        Encoding.UTF8.GetString(Store.Write(parsed.Documents, metadata, parsed));

    [Fact]
    public void A_comment_line_left_of_the_sops_keys_is_data_and_keeps_its_line_when_the_block_is_rewritten()
    {
        // A comment at column 0 belongs to the root mapping, wherever it sits; it was cut out with the old
        // block, and the fresh block, which goes after the last data item, with it: the data key was lost.
        var parsed = Parse("a: 1\nsops:\n    lastmodified: \"2026-01-02T03:04:05Z\"\n#   note\n    version: 3.13.2\n");
        Assert.Equal("   note", Assert.IsType<Comment>(parsed.Documents[0].Items[^1]).Text);

        var written = Write(parsed, Metadata);

        Assert.Equal("a: 1\n#   note\n" + Block, written);
        Assert.True(TreeEquality.Equal(parsed.Documents[0], Parse(written).Documents[0]));
        Assert.Equal("a: 1\n#   note\n", Write(parsed, null));
    }

    [Fact]
    public void A_comment_inside_the_sops_block_after_an_empty_block_scalar_keeps_the_block()
    {
        var parsed = Parse("clip: |\nsops:\n    age:\n        - enc: |\n    lastmodified: \"2026-01-02T03:04:05Z\"\n#   mac: x\n    version: 3.13.2");

        var written = Write(parsed, Metadata);

        Assert.Equal("clip: |\n#   mac: x\n" + Block[..^1], written);
        var reread = Parse(written);
        Assert.True(TreeEquality.Equal(parsed.Documents[0], reread.Documents[0]));
        Assert.True(TreeEquality.Equal(Metadata, reread.Metadata));
    }

    [Fact]
    public void An_encrypted_comment_inside_the_old_block_is_written_in_its_place()
    {
        var parsed = Parse("a: 1\nsops:\n    age: []\n# note\n    version: 3.13.2\n");

        var written = Encoding.UTF8.GetString(Store.Write(FakeCipher.EncryptReadably(parsed.Documents), Metadata, parsed));

        Assert.Equal($"a: {FakeCipher.Envelope("1", "int")}\n#{FakeCipher.Envelope(" note", "comment")}\n{Block}", written);
    }

    [Theory]
    [InlineData("sops:\n    age:\n    - c: |\n       ]\n#\n    lastmodified: \"2026-01-02T03:04:05Z\"")] // fuzz input yaml1, minimized
    [InlineData("sops:\n    age:\n    - e:\n    lastmodified: \"2026-01-02T03:04:05Z\"\n#\n    p:")] // fuzz input yaml2, minimized
    public void A_file_whose_only_data_is_a_comment_inside_the_sops_block_keeps_the_comment_and_the_block(string yaml)
    {
        var parsed = Parse(yaml);
        Assert.Equal("", Assert.IsType<Comment>(Assert.Single(parsed.Documents[0].Items)).Text);

        var written = Write(parsed, Metadata);

        Assert.Equal("#\n" + Block[..^1], written);
        var reread = Parse(written);
        Assert.True(TreeEquality.Equal(parsed.Documents[0], reread.Documents[0]));
        Assert.True(TreeEquality.Equal(Metadata, reread.Metadata));
    }

    [Fact]
    public void A_last_block_scalar_without_a_final_line_break_whose_text_starts_like_an_envelope_keeps_its_value()
    {
        // Fuzz input of seed 924226764, minimized. "ENC[" was taken for an envelope, which keeps its block
        // header: the line break written before the sops block became part of the value.
        var parsed = Parse("sops:\n    age:\n    - e:\n    lastmodified: \"2026-01-02T03:04:05Z\"\n    m:\ni: |\n ENC[");
        Assert.Equal("ENC[", Assert.IsType<Scalar>(parsed.Documents[0]["i"]).Text);

        var written = Write(parsed, Metadata);

        Assert.Equal("i: |-\n ENC[\n" + Block[..^1], written);
        Assert.Equal("ENC[", Assert.IsType<Scalar>(Parse(written).Documents[0]["i"]).Text);
    }

    [Fact]
    public void A_root_comment_line_inside_the_sops_block_stays_the_roots_after_a_nested_mapping_at_its_column()
    {
        // Fuzz input of seed 606817696, minimized: the comment at column 1 is the root's (the block closed the
        // mapping under ":", whose keys are at column 1), but its line was kept indented, right after that
        // mapping once the block was cut, and read back as its comment.
        var parsed = Parse(":\n x:\nsops:\n    age:\n    - c:\n #\n    lastmodified: \"2026-01-02T03:04:05Z\"");

        var written = Write(parsed, Metadata);

        Assert.True(TreeEquality.Equal(parsed.Documents[0], Parse(written).Documents[0]), written);
    }
}
