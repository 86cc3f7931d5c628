using System.Text;
using SopsNet.Merge;
using SopsNet.Stores;
using SopsNet.Stores.Yaml;

namespace SopsNet.Tests.Merge;

/// <summary>
/// Three-way merges of YAML trees, written back into ours' text as the merge driver does: what one side
/// changed is taken, what both changed differently conflicts (on that value only) and keeps ours.
/// </summary>
public sealed class TreeMergeTests
{
    private static readonly YamlStore Store = new();

    private static StoreDocument Parse(string yaml) => Store.Parse(Encoding.UTF8.GetBytes(yaml));

    private static (string Text, MergeResult Result) Merge(string? b, string o, string t)
    {
        var ours = Parse(o);
        var result = TreeMerge.Merge(b is null ? null : Parse(b).Documents, ours.Documents, Parse(t).Documents);
        return (Encoding.UTF8.GetString(Store.Write(result.Documents, null, ours)), result);
    }

    private const string Base = "db:\n  user: app\n  password: s3cret\napi_key: k1\nport: 5432\n";

    [Fact]
    public void ChangesToDifferentValuesAreBothTaken()
    {
        var (text, result) = Merge(Base,
            "db:\n  user: app\n  password: ours-pw\napi_key: k1\nport: 5432\n",
            "db:\n  user: app\n  password: s3cret\napi_key: k2\nport: 5432\n");
        Assert.True(result.IsClean, string.Join("; ", result.Conflicts));
        Assert.Equal("db:\n  user: app\n  password: ours-pw\napi_key: k2\nport: 5432\n", text);
    }

    [Fact]
    public void TheSameValueChangedDifferentlyConflictsThereOnlyAndKeepsOurs()
    {
        var (text, result) = Merge(Base,
            "db:\n  user: app\n  password: ours-pw\napi_key: k1\nport: 5432\n",
            "db:\n  user: app\n  password: theirs-pw\napi_key: k1\nport: 6543\n");
        var conflict = Assert.Single(result.Conflicts);
        Assert.Equal("[\"db\"][\"password\"]", conflict.Path.ToString());
        Assert.DoesNotContain("pw", conflict.ToString());
        Assert.Equal("db:\n  user: app\n  password: ours-pw\napi_key: k1\nport: 6543\n", text);
    }

    [Fact]
    public void TheSameChangeOnBothSidesIsNoConflict()
    {
        var changed = "db:\n  user: app\n  password: new\napi_key: k1\nport: 5432\n";
        var (text, result) = Merge(Base, changed, changed);
        Assert.True(result.IsClean);
        Assert.Equal(changed, text);
    }

    [Fact]
    public void KeysAddedOnEitherSideAreKeptAndTheirsGoAfterTheirPredecessor()
    {
        var (text, result) = Merge("a: 1\nb: 2\n", "a: 1\nb: 2\nc: 3\n", "a: 1\nx: 9\nb: 2\n");
        Assert.True(result.IsClean);
        Assert.Equal("a: 1\nx: 9\nb: 2\nc: 3\n", text);
    }

    [Fact]
    public void AKeyAddedOnBothSidesWithDifferentValuesConflicts()
    {
        var (_, result) = Merge("a: 1\n", "a: 1\nn: ours\n", "a: 1\nn: theirs\n");
        Assert.Equal("[\"n\"]: added differently on both sides", Assert.Single(result.Conflicts).ToString());
    }

    [Fact]
    public void DeletionIsTakenUnlessTheOtherSideChangedTheValue()
    {
        var (text, result) = Merge("a: 1\nb: 2\nc: 3\n", "a: 1\nb: 2\nc: 3\n", "a: 1\nc: 3\n");
        Assert.True(result.IsClean);
        Assert.Equal("a: 1\nc: 3\n", text);

        (text, result) = Merge("a: 1\nb: 2\nc: 3\n", "a: 1\nb: 20\nc: 3\n", "a: 1\nc: 3\n");
        Assert.Equal("[\"b\"]: changed on our side, deleted on theirs", Assert.Single(result.Conflicts).ToString());
        Assert.Equal("a: 1\nb: 20\nc: 3\n", text);

        (text, result) = Merge("a: 1\nb: 2\n", "a: 1\n", "a: 1\nb: 5\n");
        Assert.Equal("[\"b\"]: deleted on our side, changed on theirs", Assert.Single(result.Conflicts).ToString());
        Assert.Equal("a: 1\n", text);
    }

    [Fact]
    public void ListsOfTheSameLengthMergeItemByItem()
    {
        var (text, result) = Merge("l:\n  - a\n  - b\n  - c\n", "l:\n  - A\n  - b\n  - c\n", "l:\n  - a\n  - b\n  - C\n");
        Assert.True(result.IsClean);
        Assert.Equal("l:\n  - A\n  - b\n  - C\n", text);

        (_, result) = Merge("l:\n  - a\n  - b\n", "l:\n  - a\n  - b\n  - c\n", "l:\n  - x\n  - b\n");
        Assert.Equal("[\"l\"]: changed differently on both sides", Assert.Single(result.Conflicts).ToString());
    }

    [Fact]
    public void ACommentTravelsWithTheKeyItPrecedes()
    {
        var (text, result) = Merge("a: 1\nb: 2\n", "a: 1\nb: 3\n", "a: 1\n# the new one\nnew: 9\nb: 2\n");
        Assert.True(result.IsClean);
        Assert.Equal("a: 1\n# the new one\nnew: 9\nb: 3\n", text);

        (text, result) = Merge("# about a\na: 1\nb: 2\n", "# about a\na: 1\nb: 3\n", "b: 2\n");
        Assert.True(result.IsClean);
        Assert.Equal("b: 3\n", text);
    }

    [Fact]
    public void OursLayoutIsKeptWhereOnlyTheirsChanged()
    {
        // Ours' text has its own indentation and quoting; a change from theirs must not re-render the rest.
        var (text, result) = Merge("db:\n    user: app\n    password: old\n", "db:\n  user: 'app'\n  password: old\n", "db:\n    user: app\n    password: new\n");
        Assert.True(result.IsClean);
        Assert.Equal("db:\n  user: 'app'\n  password: new\n", text);
    }

    [Fact]
    public void NestedMappingsMergeByKey()
    {
        var (text, result) = Merge("s:\n  t:\n    u: 1\n    v: 2\n", "s:\n  t:\n    u: 10\n    v: 2\n", "s:\n  t:\n    u: 1\n    v: 20\n    w: 30\n");
        Assert.True(result.IsClean);
        Assert.Equal("s:\n  t:\n    u: 10\n    v: 20\n    w: 30\n", text);
    }

    [Fact]
    public void WithoutABaseOnlyEqualValuesMerge()
    {
        var (text, result) = Merge(null, "a: 1\nb: 2\n", "a: 1\nb: 3\nc: 4\n");
        Assert.Equal("[\"b\"]: added differently on both sides", Assert.Single(result.Conflicts).ToString());
        Assert.Equal("a: 1\nb: 2\nc: 4\n", text);
    }

    [Theory]
    [InlineData("a: 1\nb: [1, 2]\n", "a: 2\nb: [1, 2]\nc: {d: 1}\n")]
    [InlineData("a: 1\n", "b: 1\n")]
    [InlineData("x:\n  - {k: 1}\n  - 2\n", "x:\n  - {k: 3}\n  - 2\n")]
    public void OneSidedChangesAreTakenWhole(string b, string changed)
    {
        var expected = TreeText(changed);
        Assert.Equal(expected, TreeText(Merge(b, b, changed).Result));
        Assert.Equal(expected, TreeText(Merge(b, changed, b).Result));
        Assert.Equal(expected, TreeText(Merge(b, changed, changed).Result));
    }

    [Fact]
    public void ADifferentNumberOfDocumentsIsTakenFromTheOneSideThatChangedIt()
    {
        var (text, result) = Merge("a: 1\n", "a: 1\n", "a: 1\n---\nb: 2\n");
        Assert.True(result.IsClean);
        Assert.Equal(2, result.Documents.Length);

        (_, result) = Merge("a: 1\n", "a: 2\n", "a: 1\n---\nb: 2\n");
        Assert.Equal("(top level): the number of documents changed differently on both sides", Assert.Single(result.Conflicts).ToString());
    }

    private static string TreeText(string yaml) => string.Join("---", Parse(yaml).Documents.Select(d => Support.TreeText.Of(d)));

    private static string TreeText(MergeResult result) => string.Join("---", result.Documents.Select(d => Support.TreeText.Of(d)));
}
