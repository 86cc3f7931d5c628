using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using SopsNet.Cli.Keys;
using SopsNet.Cli.Output;
using SopsNet.Keys;
using SopsNet.Selection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SopsNet.Cli.Config;

/// <summary>
/// Finds and reads <c>.sops.yaml</c> as sops does: <c>--config</c>/<c>SOPS_CONFIG</c> wins; otherwise the
/// search starts in the working directory (not the file's) and walks up to 100 parents. A <c>.sops.yml</c>
/// is not used (sops ignores it too).
/// </summary>
public static class ConfigLoader
{
    public static SopsConfig Load(string? explicitPath, string currentDirectory)
    {
        var path = explicitPath ?? Find(currentDirectory);
        if (path is null)
        {
            return SopsConfig.Empty(currentDirectory);
        }

        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CliException(SopsError.Generic, $"{path}: cannot read the config file: {e.Message}");
        }

        try
        {
            return Parse(text, Path.GetDirectoryName(path)!) with { FilePath = path };
        }
        catch (YamlException e)
        {
            throw new CliException(SopsError.Generic, $"{path}:{e.Start.Line}:{e.Start.Column}: invalid yaml: {e.Message}");
        }
        catch (Exception e) when (e is ConfigException or ArgumentException)
        {
            throw new CliException(SopsError.Generic, $"{path}: {e.Message}");
        }
    }

    private static string? Find(string directory)
    {
        var dir = new DirectoryInfo(directory);
        for (var i = 0; dir is not null && i < 100; i++, dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, ".sops.yaml");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    public static SopsConfig Parse(string yaml, string directory)
    {
        var stream = new YamlStream();
        stream.Load(new DepthLimitedParser(new Parser(new StringReader(yaml))));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return SopsConfig.Empty(directory);
        }

        var rules = Child(root, "creation_rules") is YamlSequenceNode seq
            ? seq.Children.Select((n, i) => ParseRule(n as YamlMappingNode ?? throw new ConfigException($"creation_rules[{i}] is not a mapping"), i)).ToImmutableArray()
            : [];
        var stores = Child(root, "stores") as YamlMappingNode;
        return new SopsConfig(directory, rules)
        {
            YamlIndent = Int(stores, "yaml", 4),
            JsonIndent = Int(stores, "json", -1),
            JsonBinaryIndent = Int(stores, "json_binary", -1),
        };
    }

    private static int Int(YamlMappingNode? stores, string store, int fallback) =>
        stores is not null && Child(stores, store) is YamlMappingNode s && Child(s, "indent") is YamlScalarNode { Value: { } v } &&
        int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    private static CreationRule ParseRule(YamlMappingNode node, int index)
    {
        var where = $"creation_rules[{index}]";
        Regex? pathRegex = null;
        if (Scalar(node, "path_regex") is { } pattern)
        {
            try
            {
                pathRegex = new Regex(pattern, RegexOptions.CultureInvariant);
            }
            catch (ArgumentException e)
            {
                throw new ConfigException($"{where}.path_regex: invalid regular expression: {e.Message}");
            }
        }

        var rules = SelectionRule.MetadataKeys
            .Where(k => Scalar(node, k) is { Length: > 0 })
            .Select(k => SelectionRule.FromMetadataKey(k, Scalar(node, k)!))
            .ToList();
        if (rules.Count > 1)
        {
            throw new ConfigException($"{where}: more than one selection rule ({string.Join(", ", rules.Select(r => r.MetadataKey))})");
        }

        var groups = Child(node, "key_groups") is YamlSequenceNode kg
            ? kg.Children.OfType<YamlMappingNode>().Select(g => Group(g, true)).ToImmutableArray()
            : [Group(node, false)];
        return new CreationRule(pathRegex, groups.Where(g => !g.IsEmpty).ToImmutableArray())
        {
            Rule = rules.FirstOrDefault(),
            MacOnlyEncrypted = Scalar(node, "mac_only_encrypted") is "true" or "True" or "TRUE",
            ShamirThreshold = int.TryParse(Scalar(node, "shamir_threshold"), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : 0,
        };
    }

    private static ImmutableArray<MasterKey> Group(YamlMappingNode node, bool inKeyGroup)
    {
        var keys = new List<MasterKey>();
        keys.AddRange(Strings(node, "age").Select(KeySpecs.Age));
        keys.AddRange(Strings(node, "pgp").Select(KeySpecs.Pgp));
        keys.AddRange(AwsKmsCli.FromConfig(node, inKeyGroup));
        keys.AddRange(Keys.GcpKmsCli.FromConfig(Child(node, "gcp_kms")));
        keys.AddRange(Keys.HcVaultCli.FromConfig(Child(node, inKeyGroup ? "hc_vault" : "hc_vault_transit_uri")));
        keys.AddRange(Keys.AzureKeyVaultCli.FromConfig(Child(node, "azure_keyvault"), m => new ConfigException(m)));

        // HuaweiCloud KMS is recognised so that such a rule fails with a clear "not supported yet"
        // when used, instead of silently encrypting for fewer recipients than the team expects.
        foreach (var type in new[] { "hckms" })
        {
            if (Child(node, type) is { } n && !(n is YamlScalarNode { Value: null or "" }))
            {
                keys.Add(new MasterKey(type, Tree.Mapping.Empty));
            }
        }

        // merge: key groups (typically YAML aliases) whose keys join this one.
        if (inKeyGroup && Child(node, "merge") is YamlSequenceNode merged)
        {
            keys.AddRange(merged.Children.OfType<YamlMappingNode>().SelectMany(m => Group(m, true)));
        }

        // sops drops duplicate keys in a group; MasterKey's record equality compares entries by reference.
        return keys.DistinctBy(KeyIdentity.Of).ToImmutableArray();
    }

    /// <summary>A key list may be a comma-separated string or (sops ≥ 3.11) a YAML list.</summary>
    private static IEnumerable<string> Strings(YamlMappingNode node, string key) => Child(node, key) switch
    {
        YamlScalarNode { Value: { } v } => v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        YamlSequenceNode s => s.Children.OfType<YamlScalarNode>().Select(c => c.Value?.Trim() ?? "").Where(v => v.Length > 0),
        _ => [],
    };

    private static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var child) ? child : null;

    private static string? Scalar(YamlMappingNode node, string key) => (Child(node, key) as YamlScalarNode)?.Value;

    private sealed class ConfigException(string message) : Exception(message);
}
