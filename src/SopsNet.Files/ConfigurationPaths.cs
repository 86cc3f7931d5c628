using SopsNet.Tree;

namespace SopsNet.Files;

/// <summary>
/// A decrypted tree as flat key/value pairs, keyed the way .NET configuration keys are: mapping keys joined
/// with <c>:</c> (<c>database:password</c>) and list items by index (<c>hosts:0</c>), as the JSON
/// configuration provider does. Comments are not values; a null value stays null; an empty mapping or list
/// gives no key.
/// </summary>
public static class ConfigurationPaths
{
    public const string Separator = ":";

    public static IReadOnlyDictionary<string, string?> Flatten(Mapping root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        Walk(root, null, values);
        return values;
    }

    /// <summary>
    /// Every document of a multi-document file, in order, a later document's value replacing an earlier one's
    /// at the same key: the rule exec-env follows for documents, and .NET configuration for later sources.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> Flatten(IReadOnlyList<Mapping> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var document in documents)
        {
            Walk(document, null, values);
        }

        return values;
    }

    private static void Walk(Node node, string? prefix, Dictionary<string, string?> values)
    {
        switch (node)
        {
            case Mapping m:
                foreach (var pair in m.Pairs)
                {
                    Walk(pair.Value, prefix is null ? pair.Key : prefix + Separator + pair.Key, values);
                }

                break;
            case Sequence s:
                var index = 0;
                foreach (var item in s.Items.Where(i => i is not Comment))
                {
                    Walk(item, (prefix is null ? "" : prefix + Separator) + index++, values);
                }

                break;
            case Scalar scalar when prefix is not null:
                values[prefix] = scalar.Kind == ScalarKind.Null ? null : scalar.Text;
                break;
        }
    }
}
