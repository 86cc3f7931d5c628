using System.Collections.Immutable;
using SopsNet.Keys;
using SopsNet.Tree;

namespace SopsNet.AwsKms;

/// <summary>Builds and reads <c>kms</c> master-key entries (docs/format.md §6.1): <c>arn</c>, <c>role</c>, <c>context</c>, <c>aws_profile</c>.</summary>
public static class AwsKmsKeys
{
    public const string Type = "kms";

    /// <summary>
    /// A template without <c>enc</c>. sops always writes <c>aws_profile</c> (even empty) but omits an
    /// empty <c>role</c> and an empty <c>context</c>.
    /// </summary>
    public static MasterKey Create(string arn, string? role, IReadOnlyDictionary<string, string>? context, string? profile)
    {
        var items = ImmutableArray.CreateBuilder<Node>();
        items.Add(new Pair("arn", Scalar.String(arn.Trim())));
        if (!string.IsNullOrEmpty(role))
        {
            items.Add(new Pair("role", Scalar.String(role.Trim())));
        }

        if (context is { Count: > 0 })
        {
            items.Add(new Pair("context", ContextNode(context)));
        }

        items.Add(new Pair("aws_profile", Scalar.String(profile ?? "")));
        return new MasterKey(Type, new Mapping(items.ToImmutable()));
    }

    /// <summary>A template from the <c>ARN[+ROLE_ARN]</c> syntax of flags and <c>.sops.yaml</c>.</summary>
    public static MasterKey FromSpec(string spec, IReadOnlyDictionary<string, string>? context, string? profile)
    {
        var (arn, role) = AwsKmsArn.Split(spec);
        return Create(arn, role, context, profile);
    }

    /// <summary>The same key with this encryption context (used when --encryption-context applies to a rule's keys).</summary>
    public static MasterKey WithContext(MasterKey key, IReadOnlyDictionary<string, string> context)
    {
        var items = key.Entry.Items.Where(n => n is not Pair { Key: "context" }).ToList();
        if (context.Count > 0)
        {
            var at = items.FindIndex(n => n is Pair { Key: "aws_profile" });
            items.Insert(at < 0 ? items.Count : at, new Pair("context", ContextNode(context)));
        }

        return key with { Entry = new Mapping([.. items]) };
    }

    /// <summary>The entry's encryption context: a nested string→string mapping, absent when empty.</summary>
    public static Dictionary<string, string> Context(MasterKey key)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (key.Entry["context"] is Mapping m)
        {
            foreach (var pair in m.Pairs)
            {
                result[pair.Key] = (pair.Value as Scalar)?.Text ?? "";
            }
        }

        return result;
    }

    private static Mapping ContextNode(IReadOnlyDictionary<string, string> context) =>
        new([.. context.Select(kv => (Node)new Pair(kv.Key, Scalar.String(kv.Value)))]);
}
