using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using SopsNet.Keys;
using SopsNet.Selection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SopsNet.Files.Config;

/// <summary>
/// Finds and reads <c>.sops.yaml</c> as sops does: <c>--config</c>/<c>SOPS_CONFIG</c> wins; otherwise the
/// search starts in the working directory (not the file's) and walks up to 100 parents. A <c>.sops.yml</c>
/// is not used (sops ignores it too).
/// </summary>
public static class ConfigLoader
{
    /// <summary>Loads the configuration that applies to commands run in <paramref name="currentDirectory"/>.</summary>
    /// <param name="explicitPath">The path from <c>--config</c> or <c>SOPS_CONFIG</c>, or null to search.</param>
    /// <param name="currentDirectory">Where the search for <c>.sops.yaml</c> starts.</param>
    /// <param name="services">The cloud key services whose keys rules may name (default: <see cref="KeyServices.All"/>).</param>
    public static SopsConfig Load(string? explicitPath, string currentDirectory, IReadOnlyList<IKeyService>? services = null)
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
            throw new SopsException(SopsError.Generic, $"{path}: cannot read the config file: {e.Message}");
        }

        try
        {
            return Parse(text, Path.GetDirectoryName(path)!, services) with { FilePath = path };
        }
        catch (YamlException e)
        {
            throw new SopsException(SopsError.Generic, $"{path}:{e.Start.Line}:{e.Start.Column}: invalid yaml: {e.Message}");
        }
        catch (Exception e) when (e is ConfigException or ArgumentException)
        {
            throw new SopsException(SopsError.Generic, $"{path}: {e.Message}");
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

    public static SopsConfig Parse(string yaml, string directory, IReadOnlyList<IKeyService>? services = null)
    {
        services ??= KeyServices.All;
        var stream = new YamlStream();
        stream.Load(new DepthLimitedParser(new Parser(new StringReader(yaml))));
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            return SopsConfig.Empty(directory);
        }

        var rules = Child(root, "creation_rules") is YamlSequenceNode seq
            ? seq.Children.Select((n, i) => ParseRule(n as YamlMappingNode ?? throw new ConfigException($"creation_rules[{i}] is not a mapping"), i, services)).ToImmutableArray()
            : [];
        var stores = Child(root, "stores") as YamlMappingNode;
        return new SopsConfig(directory, rules)
        {
            YamlIndent = Int(stores, "yaml", 4),
            JsonIndent = Int(stores, "json", -1),
            JsonBinaryIndent = Int(stores, "json_binary", -1),
            IndentsSet = new[] { "yaml", "json", "json_binary" }.Where(s => Int(stores, s, int.MinValue) != int.MinValue).ToImmutableHashSet(),
            TomlAsBinary = stores is not null && Child(stores, "toml") is YamlMappingNode toml && Scalar(toml, "binary") is "true" or "True" or "TRUE",
        };
    }

    private static int Int(YamlMappingNode? stores, string store, int fallback) =>
        stores is not null && Child(stores, store) is YamlMappingNode s && Child(s, "indent") is YamlScalarNode { Value: { } v } &&
        int.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) ? n : fallback;

    private static CreationRule ParseRule(YamlMappingNode node, int index, IReadOnlyList<IKeyService> services)
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
            ? kg.Children.OfType<YamlMappingNode>().Select(g => Group(g, true, services)).ToImmutableArray()
            : [Group(node, false, services)];
        return new CreationRule(pathRegex, groups.Where(g => !g.IsEmpty).ToImmutableArray())
        {
            Rule = rules.FirstOrDefault(),
            MacOnlyEncrypted = Scalar(node, "mac_only_encrypted") is "true" or "True" or "TRUE",
            ShamirThreshold = int.TryParse(Scalar(node, "shamir_threshold"), NumberStyles.None, CultureInfo.InvariantCulture, out var t) ? t : 0,
        };
    }

    /// <summary>Where each cloud key type is written in a rule and in a key group.</summary>
    private static readonly (string Type, string InRule, string InGroup)[] CloudKeys =
    [
        ("kms", "kms", "kms"),
        ("gcp_kms", "gcp_kms", "gcp_kms"),
        ("hc_vault", "hc_vault_transit_uri", "hc_vault"),
        ("azure_kv", "azure_keyvault", "azure_keyvault"),
    ];

    private static ImmutableArray<MasterKey> Group(YamlMappingNode node, bool inKeyGroup, IReadOnlyList<IKeyService> services)
    {
        var keys = new List<MasterKey>();
        keys.AddRange(Strings(node, "age").Select(KeySpecs.Age));
        keys.AddRange(Strings(node, "pgp").Select(KeySpecs.Pgp));
        foreach (var service in services)
        {
            keys.AddRange(service.FromConfig(node, inKeyGroup));
        }

        // A key type whose service this process does not have (HuaweiCloud KMS, or a cloud package the
        // application does not reference) still counts, so that such a rule fails with a clear "not
        // supported" when used, instead of silently encrypting for fewer recipients than the team expects.
        var missing = CloudKeys.Where(k => services.All(s => s.Type != k.Type)).Select(k => (k.Type, Key: inKeyGroup ? k.InGroup : k.InRule))
            .Append(("hckms", "hckms"));
        foreach (var (type, key) in missing)
        {
            if (Child(node, key) is { } n && !(n is YamlScalarNode { Value: null or "" }))
            {
                keys.Add(new MasterKey(type, Tree.Mapping.Empty));
            }
        }

        // merge: key groups (typically YAML aliases) whose keys join this one.
        if (inKeyGroup && Child(node, "merge") is YamlSequenceNode merged)
        {
            keys.AddRange(merged.Children.OfType<YamlMappingNode>().SelectMany(m => Group(m, true, services)));
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
