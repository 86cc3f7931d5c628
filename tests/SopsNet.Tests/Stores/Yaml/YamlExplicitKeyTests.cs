using System.Text;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;
using Xunit;

namespace SopsNet.Tests.Stores.Yaml;

/// <summary>
/// Explicit keys (<c>? key</c>, then <c>: value</c>): the entry starts, and its mapping's items stand, at the
/// <c>?</c>, not at the key (found by fuzzing: measured from the key, the sops block went inside the value).
/// </summary>
public sealed class YamlExplicitKeyTests
{
    private static readonly YamlStore Store = new();

    private static readonly Mapping Metadata = new([new Pair("version", Scalar.String("3.13.2"))]);

    private static readonly string Block = new YamlFreshEmitter(4).SopsBlock(Metadata, 0, "\n");

    private static SopsNet.Stores.StoreDocument Parse(string yaml) => Store.Parse(Encoding.UTF8.GetBytes(yaml));

    private static string Write(SopsNet.Stores.StoreDocument parsed, Mapping doc, Mapping? metadata) =>
        Encoding.UTF8.GetString(Store.Write([doc], metadata, parsed));

    [Fact]
    public void The_sops_block_after_an_explicit_key_whose_value_is_a_mapping_starts_at_column_0()
    {
        // The fuzzer's input, minimized: the block was written at the column of "N", inside the value of N.
        var parsed = Parse("? N\n:  r:\nsops:\n    age:\r    - e:\n    lastmodified: \"2026-01-02T03:04:05Z\"");

        var written = Write(parsed, parsed.Documents[0], Metadata);

        Assert.Equal("? N\n:  r:\n" + Block[..^1], written);
        var reread = Parse(written);
        Assert.True(TreeEquality.Equal(parsed.Documents[0], reread.Documents[0]));
        Assert.True(TreeEquality.Equal(Metadata, reread.Metadata));
    }

    [Fact]
    public void A_new_key_goes_at_the_column_of_the_question_marks()
    {
        var parsed = Parse("a:\n  ? N\n  :  r: 1\n");
        var doc = parsed.Documents[0];
        var a = (Mapping)((Pair)doc.Items[0]).Value;
        var changed = doc with { Items = [new Pair("a", a with { Items = a.Items.Add(new Pair("b", Scalar.String("x"))) }) { Source = doc.Items[0].Source }] };

        Assert.Equal("a:\n  ? N\n  :  r: 1\n  b: x\n", Write(parsed, changed, null));
    }

    [Fact]
    public void Removing_an_explicit_key_removes_its_question_mark_and_value_lines()
    {
        var parsed = Parse("? N\n# about N\n: 1\nb:   2   # spelled as it was\n");
        var doc = parsed.Documents[0];

        Assert.Equal("b:   2   # spelled as it was\n", Write(parsed, doc with { Items = [.. doc.Items.Skip(2)] }, null));
    }

    [Fact]
    public void A_value_of_another_shape_goes_after_the_colon_of_an_explicit_key()
    {
        var parsed = Parse("? N\n: 1\nb: 2\n");
        var doc = parsed.Documents[0];
        var changed = doc with { Items = [((Pair)doc.Items[0]) with { Value = new Mapping([new Pair("x", Scalar.String("y"))]) }, doc.Items[1]] };

        var written = Write(parsed, changed, null);

        Assert.Equal("? N\n:\n    x: \"y\"\nb: 2\n", written);
        Assert.True(TreeEquality.Equal(changed, Parse(written).Documents[0]));
    }

    [Fact]
    public void An_explicit_key_without_a_colon_gets_its_new_value_in_a_fresh_file_not_glued_to_the_key()
    {
        var parsed = Parse("? N\nb: 2\n");
        var doc = parsed.Documents[0];
        var changed = doc with { Items = [((Pair)doc.Items[0]) with { Value = new Mapping([new Pair("x", Scalar.String("y"))]) }, doc.Items[1]] };

        Assert.True(TreeEquality.Equal(changed, Parse(Write(parsed, changed, null)).Documents[0]));
    }

    [Fact]
    public void An_entry_without_a_key_is_at_its_colon_so_an_expanded_alias_after_it_replaces_only_its_value()
    {
        // Fuzz input of seed 34354770, minimized ("z: &anchor\r: *anchor"): the empty key was placed at
        // the start of the file, and the expanded alias replaced everything from there.
        var parsed = Parse("z: &anchor 1\n: *anchor\n");

        var written = Write(parsed, parsed.Documents[0], null);

        Assert.Equal("z: &anchor 1\n: 1\n", written);
        Assert.True(TreeEquality.Equal(parsed.Documents[0], Parse(written).Documents[0]));
    }
}
