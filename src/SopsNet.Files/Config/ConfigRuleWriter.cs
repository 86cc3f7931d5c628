using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace SopsNet.Files.Config;

/// <summary>
/// Adds a creation rule to the text of a <c>.sops.yaml</c> without rewriting the rest: comments, order and
/// layout of what the team wrote stay as they are. The new rule goes first, because sops uses the first
/// rule that matches, and a rule written for particular paths is meant to win over a catch-all below it.
/// </summary>
public static class ConfigRuleWriter
{
    /// <summary>
    /// The new text, or null when a rule with this <paramref name="pathRegex"/> is already there (so a second
    /// run changes nothing). <paramref name="keys"/> are .sops.yaml key entries, e.g. ("age", "age1…").
    /// </summary>
    public static string? AddRule(string? existing, string configFile, string pathRegex, IReadOnlyList<(string Key, string Value)> keys)
    {
        if (string.IsNullOrWhiteSpace(existing))
        {
            return Check("creation_rules:\n" + Rule(pathRegex, keys, "  ", "    "), configFile, pathRegex);
        }

        var stream = new YamlStream();
        try
        {
            stream.Load(new DepthLimitedParser(new Parser(new StringReader(existing))));
        }
        catch (YamlException e)
        {
            throw new SopsException(SopsError.Generic, $"{configFile}:{e.Start.Line}:{e.Start.Column}: invalid yaml, so no rule was added: {e.Message}");
        }

        if (stream.Documents.Count == 0)
        {
            return Check(existing.TrimEnd('\n') + "\ncreation_rules:\n" + Rule(pathRegex, keys, "  ", "    "), configFile, pathRegex);
        }

        if (stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SopsException(SopsError.Generic, $"{configFile}: the top level is not a mapping, so no rule was added");
        }

        if (!root.Children.TryGetValue(new YamlScalarNode("creation_rules"), out var node))
        {
            return Check(existing.TrimEnd('\n') + "\ncreation_rules:\n" + Rule(pathRegex, keys, "  ", "    "), configFile, pathRegex);
        }

        if (node is YamlSequenceNode seq && seq.Children.Any(r => r is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("path_regex"), out var p) && p is YamlScalarNode { Value: { } v } && v == pathRegex))
        {
            return null;
        }

        if (node is not YamlSequenceNode { Style: not YamlDotNet.Core.Events.SequenceStyle.Flow, Children.Count: > 0 } rules || rules.Children[0] is not YamlMappingNode first)
        {
            throw new SopsException(SopsError.Generic,
                $"{configFile}: creation_rules is not a block list of rules, so no rule was added; add it yourself as the first rule: {{path_regex: {Quote(pathRegex)}, {string.Join(", ", keys.Select(k => $"{k.Key}: {Quote(k.Value)}"))}}}");
        }

        // The sequence starts at the first rule's dash; the rule's keys are indented to its first key.
        var lines = existing.Split('\n');
        var dashLine = (int)rules.Start.Line - 1;
        var dashIndent = new string(' ', (int)rules.Start.Column - 1);
        var keyIndent = new string(' ', (int)first.Start.Column - 1);
        var text = string.Join('\n', lines.Take(dashLine)) + (dashLine > 0 ? "\n" : "") + Rule(pathRegex, keys, dashIndent, keyIndent) + string.Join('\n', lines.Skip(dashLine));
        return Check(text, configFile, pathRegex);
    }

    private static string Rule(string pathRegex, IReadOnlyList<(string Key, string Value)> keys, string dashIndent, string keyIndent)
    {
        var sb = new StringBuilder();
        sb.Append(dashIndent).Append("- path_regex: ").Append(Quote(pathRegex)).Append('\n');
        foreach (var (key, value) in keys)
        {
            sb.Append(keyIndent).Append(key).Append(": ").Append(Quote(value)).Append('\n');
        }

        return sb.ToString();
    }

    /// <summary>Single quotes keep every regex character literal in YAML; a quote inside is doubled.</summary>
    private static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <summary>The written text must read back with our rule first; otherwise nothing is written.</summary>
    private static string Check(string text, string configFile, string pathRegex)
    {
        try
        {
            var config = ConfigLoader.Parse(text, Path.GetDirectoryName(configFile) ?? ".");
            if (config.CreationRules.FirstOrDefault()?.PathRegex?.ToString() == pathRegex)
            {
                return text;
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Reported below as one line: the rule could not be added as meant.
        }

        throw new SopsException(SopsError.Generic, $"{configFile}: adding the rule for '{pathRegex}' would not read back as the first rule, so nothing was written; add it yourself");
    }
}
