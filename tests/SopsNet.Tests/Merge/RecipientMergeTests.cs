using System.Collections.Immutable;
using SopsNet.Keys;
using SopsNet.Merge;

namespace SopsNet.Tests.Merge;

/// <summary>Recipients: additions from either side are kept, our removals hold, their removals conflict.</summary>
public sealed class RecipientMergeTests
{
    private static MasterKey Age(string recipient, string enc = "wrapped") => MasterKey.Create("age", ("recipient", recipient), ("enc", enc));

    private static string Ids(ImmutableArray<MasterKey> keys) => string.Join(",", keys.Select(KeyIdentity.Display));

    [Fact]
    public void RecipientsAddedOnTheirSideJoinWithoutAWrappedKey()
    {
        var (keys, conflicts) = RecipientMerge.Merge([Age("a")], [Age("a")], [Age("a"), Age("b", "theirs-wrap")]);
        Assert.Empty(conflicts);
        Assert.Equal("a,b", Ids(keys));
        Assert.Equal("wrapped", keys[0].Enc);
        Assert.Equal("", keys[1].Enc);
    }

    [Fact]
    public void OurRemovalHoldsAndTheirRemovalConflicts()
    {
        var (keys, conflicts) = RecipientMerge.Merge([Age("a"), Age("b")], [Age("a")], [Age("a"), Age("b")]);
        Assert.Empty(conflicts);
        Assert.Equal("a", Ids(keys));

        (keys, conflicts) = RecipientMerge.Merge([Age("a"), Age("b")], [Age("a"), Age("b")], [Age("a")]);
        Assert.Contains("age:b", Assert.Single(conflicts));
        Assert.Equal("a,b", Ids(keys));
    }

    [Fact]
    public void WithoutABaseTheRecipientsAreTheUnion()
    {
        var (keys, conflicts) = RecipientMerge.Merge(null, [Age("a")], [Age("b")]);
        Assert.Empty(conflicts);
        Assert.Equal("a,b", Ids(keys));
    }
}
