using System.Text;
using SopsNet.Stores;
using SopsNet.Stores.Ini;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Stores.Ini;

/// <summary>go-ini's reading rules and sops's comment placement (docs/format.md §7.4).</summary>
public sealed class IniParseTests
{
    private static string Tree(string ini) => TreeText.Of(new IniStore().Parse(Encoding.UTF8.GetBytes(ini)).Documents[0]);

    [Theory]
    [InlineData("[s]\nk = v\n", "{s: {k: String(v),},}")]
    [InlineData("top = 1\n[s]\nk=v\n", "{DEFAULT: {top: String(1),},s: {k: String(v),},}")]
    [InlineData("[s]\n  k   :   v w  \n", "{s: {k: String(v w),},}")]
    [InlineData("[s]\nk = \"  quoted  \"\nq = 'single'\nh = \"a\"b\"\n", "{s: {k: String(  quoted  ),q: String(single),h: String(\"a\"b\"),},}")]
    [InlineData("[s]\nk = `a;b#c`\n", "{s: {k: String(a;b#c),},}")]
    [InlineData("[s]\nk = \"\"\"line1\nline2\"\"\"\n", "{s: {k: String(line1\nline2),},}")]
    [InlineData("[s]\nk = v ; note\nj = w#x\n", "{s: {k: String(v),#note,j: String(w),#x,},}")]
    [InlineData("[s]\nk = a\\\n  b\\\n  c\n", "{s: {k: String(abc),},}")]
    [InlineData("[ spaced ]\nk=\n", "{ spaced : {k: String(),},}")]
    [InlineData("[s]\n- = a\n- = b\n", "{s: {#1: String(a),#2: String(b),},}")]
    [InlineData("[s]\n`a=b` = 1\n\"c:d\" = 2\n", "{s: {a=b: String(1),c:d: String(2),},}")]
    [InlineData("[a]\nk=1\n[a]\nk=2\n", "{a: {k: String(1),},a: {k: String(2),},}")]
    public void ReadsLikeGoIni(string ini, string tree) => Assert.Equal(tree, Tree(ini));

    [Fact]
    public void CommentsArePlacedAsSopsPlacesThem()
    {
        const string ini = "; about s\n[s] ; inline header\n;; above k\n#  also above k\nk = v ; inline k\nj = w\n; trailing\n";

        Assert.Equal(
            "{s: {#about s,k: String(v),#above k,#also above k,#inline k,j: String(w),#trailing,},}",
            Tree(ini));
    }

    [Theory]
    [InlineData("[s]\nk = 1\nk = 2\n", 3, 1, "twice")]
    [InlineData("[s]\nnot a pair\n", 2, 1, "no '=' or ':'")]
    [InlineData("[s\nk=1\n", 1, 1, "closing ']'")]
    [InlineData("x = 1\n  []\n", 2, 3, "empty name")]
    [InlineData("[s]\nk = \"\"\"never closed\nmore\n", 2, 5, "closing quote")]
    [InlineData("[s]\n = v\n", 2, 2, "empty name")]
    [InlineData("[sops]\nversion=1\n[sops]\nversion=2\n", 3, 1, "more than one [sops]")]
    public void BadInputIsAStoreErrorWithLineAndColumn(string ini, int line, int column, string message)
    {
        var ex = Assert.Throws<StoreException>(() => new IniStore().Parse(Encoding.UTF8.GetBytes(ini)));

        Assert.Equal((line, column), (ex.Line, ex.Column));
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public void ContinuedValuesWarn()
    {
        var parsed = new IniStore().Parse("[s]\nk = a\\\nb\n"u8.ToArray());

        var warning = Assert.Single(parsed.Warnings);
        Assert.Equal("[\"s\"][\"k\"]", warning.Path);
        Assert.Equal((2, 5), (warning.Line, warning.Column));
    }

    [Fact]
    public void A_rule_regex_with_a_line_break_is_refused_in_one_line()
    {
        // Fuzz input of seed 884566292, minimized: .NET's message quotes the pattern, line break included.
        var parsed = new SopsNet.Stores.Ini.IniStore().Parse(System.Text.Encoding.UTF8.GetBytes("[sops]\nlastmodified=2026-01-02T03:04:05Z\ne:\nunencrypted_suffix=[\\n"));

        var e = Assert.Throws<SopsNet.SopsException>(() => SopsNet.Metadata.MetadataCodec.Read(parsed.Metadata!));

        Assert.Contains("unencrypted_suffix: invalid regular expression", e.Message);
        Assert.DoesNotContain("\n", e.Message);
    }
}
