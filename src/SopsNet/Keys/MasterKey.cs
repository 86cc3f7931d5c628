using System.Collections.Immutable;
using SopsNet.Tree;

namespace SopsNet.Keys;

/// <summary>
/// One wrapped copy of the data key, as stored in the metadata: its type (<c>age</c>, <c>pgp</c>,
/// <c>kms</c>, ...) and the entry's fields exactly as read. Keeping the raw entry means key types without
/// a provider round-trip untouched.
/// </summary>
public sealed record MasterKey(string Type, Mapping Entry)
{
    public string? Field(string name) => (Entry[name] as Scalar)?.Text;

    public string Enc => Field("enc") ?? "";

    /// <summary>A copy with <paramref name="name"/> set (replaced in place, or appended).</summary>
    public MasterKey With(string name, string value)
    {
        var items = Entry.Items;
        for (var i = 0; i < items.Length; i++)
        {
            if (items[i] is Pair p && p.Key == name)
            {
                return this with { Entry = new Mapping(items.SetItem(i, new Pair(name, Scalar.String(value)))) };
            }
        }

        return this with { Entry = new Mapping(items.Add(new Pair(name, Scalar.String(value)))) };
    }

    public static MasterKey Create(string type, params (string Name, string Value)[] fields) =>
        new(type, new Mapping(fields.Select(f => (Node)new Pair(f.Name, Scalar.String(f.Value))).ToImmutableArray()));
}
