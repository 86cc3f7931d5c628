using System.Collections.Immutable;
using System.Globalization;
using SopsNet.Keys;
using SopsNet.Selection;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Metadata;

/// <summary>
/// Converts between the generic <c>sops</c> mapping a store reads and <see cref="SopsMetadata"/>. Reads
/// every layout from 3.0 to 3.13 (any key order, absent/null/empty lists, top-level lists or
/// key_groups); writes what 3.13 writes (every mapping's keys sorted, empty top-level lists omitted).
/// </summary>
public static class MetadataCodec
{
    public static SopsMetadata Read(Mapping sops)
    {
        var lastModified = Text(sops, "lastmodified")
            ?? throw Invalid("the sops metadata has no lastmodified");
        if (!GoTime.TryParseRfc3339(lastModified, out _))
        {
            throw Invalid("the sops metadata's lastmodified is not an RFC 3339 time");
        }

        var rules = SelectionRule.MetadataKeys
            .Select(k => (Key: k, Value: Text(sops, k)))
            .Where(r => !string.IsNullOrEmpty(r.Value))
            .ToList();
        if (rules.Count > 1)
        {
            throw Invalid($"the sops metadata has more than one selection rule ({string.Join(", ", rules.Select(r => r.Key))})");
        }

        var rule = rules.Count == 1 ? SelectionRule.FromMetadataKey(rules[0].Key, rules[0].Value!) : SelectionRule.Default;
        try
        {
            rule.Validate();
        }
        catch (ArgumentException e)
        {
            throw Invalid($"the sops metadata's {e.Message}");
        }

        var topLevel = ReadGroup(sops);
        var groups = topLevel.Length > 0
            ? [topLevel]
            : (sops["key_groups"] as Sequence)?.Items.OfType<Mapping>().Select(ReadGroup).ToImmutableArray() ?? [];
        if (groups.All(g => g.IsEmpty))
        {
            throw new SopsException(SopsError.CouldNotRetrieveKey, "the sops metadata lists no master keys");
        }

        return new SopsMetadata
        {
            LastModified = lastModified,
            Mac = Text(sops, "mac"),
            Version = Text(sops, "version") ?? "",
            Rule = rule,
            MacOnlyEncrypted = Text(sops, "mac_only_encrypted") is { } m && GoFormat.TryParseBool(m, out var b) && b,
            ShamirThreshold = Text(sops, "shamir_threshold") is { } t && int.TryParse(t, NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0,
            KeyGroups = groups,
        };
    }

    private static ImmutableArray<MasterKey> ReadGroup(Mapping group) =>
        KeyTypes.ReadOrder
            .SelectMany(type => (group[type] as Sequence)?.Items.OfType<Mapping>().Select(e => new MasterKey(type, e)) ?? [])
            .ToImmutableArray();

    public static Mapping Write(SopsMetadata metadata)
    {
        var fields = new List<(string, Node)>();
        if (metadata.KeyGroups.Length == 1)
        {
            fields.AddRange(GroupFields(metadata.KeyGroups[0], inKeyGroups: false));
        }
        else
        {
            fields.Add(("key_groups", new Sequence(metadata.KeyGroups
                .Select(g => (Node)Sorted(GroupFields(g, inKeyGroups: true))).ToImmutableArray())));
        }

        fields.Add(("lastmodified", Scalar.String(metadata.LastModified)));
        if (metadata.Mac is not null)
        {
            fields.Add(("mac", Scalar.String(metadata.Mac)));
        }

        if (metadata.MacOnlyEncrypted)
        {
            fields.Add(("mac_only_encrypted", new Scalar(ScalarKind.Bool, "true")));
        }

        if (metadata.ShamirThreshold != 0 || metadata.KeyGroups.Length > 1)
        {
            var threshold = metadata.ShamirThreshold != 0 ? metadata.ShamirThreshold : metadata.KeyGroups.Length;
            fields.Add(("shamir_threshold", new Scalar(ScalarKind.Int, threshold.ToString(CultureInfo.InvariantCulture))));
        }

        if (metadata.WriteRule)
        {
            fields.Add((metadata.Rule.MetadataKey, Scalar.String(metadata.Rule.Value)));
        }

        fields.Add(("version", Scalar.String(metadata.Version)));
        return Sorted(fields);
    }

    private static IEnumerable<(string, Node)> GroupFields(ImmutableArray<MasterKey> group, bool inKeyGroups)
    {
        foreach (var type in group.Select(k => k.Type).Distinct())
        {
            yield return (type, new Sequence(group.Where(k => k.Type == type).Select(k => (Node)SortDeep(k.Entry)).ToImmutableArray()));
        }

        if (inKeyGroups)
        {
            foreach (var type in KeyTypes.AlwaysInGroup.Where(t => group.All(k => k.Type != t)))
            {
                yield return (type, new Sequence([]));
            }
        }
    }

    private static Mapping Sorted(IEnumerable<(string Key, Node Value)> fields) =>
        new(fields.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => (Node)new Pair(f.Key, f.Value)).ToImmutableArray());

    private static Mapping SortDeep(Mapping m) =>
        Sorted(m.Pairs.Select(p => (p.Key, p.Value is Mapping inner ? SortDeep(inner) : p.Value with { Source = null })));

    private static string? Text(Mapping m, string key) => m[key] is Scalar { Kind: not ScalarKind.Null } s ? s.Text : null;

    private static SopsException Invalid(string message) => new(SopsError.Generic, message);
}
