using System.Collections.Immutable;
using SopsNet.Files.Config;
using SopsNet.Cli.Output;
using SopsNet.Keys;

namespace SopsNet.Cli.Commands;

/// <summary>
/// Key stanzas a file holds that its creation rule does not name. sops's mac covers the values, not the
/// key stanzas, so anyone who can write the file can add a stanza for their own recipient without breaking
/// anything, and the owner's next rotate wraps the new data key for them too (sops cannot see it).
/// Comparing the stanzas with the rule is how such an addition shows: check fails on it, rotate and
/// updatekeys warn.
/// </summary>
internal static class RecipientDrift
{
    /// <summary>
    /// One line per stanza in <paramref name="groups"/> that <paramref name="rule"/> does not name, e.g.
    /// "an age recipient not in .sops.yaml: age1…". None when there is no rule or it names no key: the
    /// keys then come from flags, and there is nothing to compare with.
    /// </summary>
    public static IReadOnlyList<string> Find(ImmutableArray<ImmutableArray<MasterKey>> groups, CreationRule? rule)
    {
        var named = (rule?.KeyGroups ?? []).SelectMany(g => g).Select(KeyIdentity.Of).ToHashSet(StringComparer.Ordinal);
        if (named.Count == 0)
        {
            return [];
        }

        return groups.SelectMany(g => g)
            .Where(k => !named.Contains(KeyIdentity.Of(k)) &&
                        // A rule may leave out an Azure key's version; the file records the one it used.
                        !(k.Type == "azure_kv" && named.Contains(KeyIdentity.Of(k.With("version", "")))))
            .Select(k => $"{Kind(k.Type)} not in .sops.yaml: {KeyIdentity.Display(k).TrimEnd('+')}")
            .Distinct()
            .ToList();
    }

    /// <summary>Warns once per line, "FILE: an age recipient not in .sops.yaml: …"; safe from the parallel tasks of a batch.</summary>
    public static void Warn(CliContext ctx, string file, IReadOnlyList<string> lines)
    {
        lock (ctx.StandardError)
        {
            foreach (var line in lines)
            {
                new Reporter(ctx.StandardError).Warning($"{file}: {line}");
            }
        }
    }

    private static string Kind(string type) => type switch
    {
        "age" => "an age recipient",
        "pgp" => "a pgp fingerprint",
        "kms" => "a kms arn",
        "gcp_kms" => "a gcp kms key",
        "azure_kv" => "an azure key vault key",
        "hc_vault" => "a vault transit key",
        "hckms" => "a huaweicloud kms key",
        _ => $"a {type} key",
    };
}
