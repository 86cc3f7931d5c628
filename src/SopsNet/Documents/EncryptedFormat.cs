using SopsNet.Stores;
using SopsNet.Stores.Dotenv;
using SopsNet.Stores.Ini;
using SopsNet.Stores.Json;
using SopsNet.Stores.Yaml;

namespace SopsNet.Documents;

/// <summary>
/// Which store reads an encrypted file when no <c>--input-type</c> says. sops goes by the name alone and
/// stores every name it does not know as binary, <c>.toml</c> included: a JSON document holding
/// <c>data</c> and <c>sops</c>. Real repositories also keep sops files under names that hide their format
/// (<c>secrets.yaml.gotpl</c>, <c>secrets.enc</c>). So when the name says binary or TOML, the content
/// decides: a JSON or YAML document with a top-level <c>sops</c> (read as binary when <c>data</c> is its
/// only value), dotenv <c>sops_</c> lines or an INI <c>[sops]</c> section; anything else keeps the name's
/// type (a TOML file SopsNet encrypted, or plaintext). A name that says YAML, JSON, dotenv or INI is
/// trusted, as sops trusts it.
/// </summary>
public static class EncryptedFormat
{
    public static string Detect(string named, byte[] content)
    {
        if (named is not ("binary" or "toml"))
        {
            return named;
        }

        foreach (var candidate in Candidates(named, content))
        {
            if (TryParse(candidate, content) is { Metadata: not null } document)
            {
                return IsBinary(candidate, document) ? "binary" : candidate;
            }
        }

        return named;
    }

    /// <summary>The formats the content could be in, from a glance at it (a full parse decides).</summary>
    private static IEnumerable<string> Candidates(string named, byte[] content)
    {
        var text = content.AsSpan();
        if (text.StartsWith("\xEF\xBB\xBF"u8))
        {
            text = text[3..];
        }

        if (text.TrimStart(" \t\r\n"u8).StartsWith("{"u8))
        {
            yield return "json";
        }

        if (HasLine(content, "sops:"u8))
        {
            yield return "yaml";
        }

        // A TOML file SopsNet encrypted has a [sops] table too: for a .toml name only sops's own layouts count.
        if (named == "binary" && HasLine(content, "sops_lastmodified="u8))
        {
            yield return "dotenv";
        }

        if (named == "binary" && HasLine(content, "[sops]"u8))
        {
            yield return "ini";
        }
    }

    private static bool HasLine(byte[] content, ReadOnlySpan<byte> start) =>
        content.AsSpan().StartsWith(start) || content.AsSpan().IndexOf([(byte)'\n', .. start]) >= 0;

    private static StoreDocument? TryParse(string type, byte[] content)
    {
        IStore store = type switch
        {
            "json" => new JsonStore(),
            "yaml" => new YamlStore(),
            "dotenv" => new DotenvStore(),
            _ => new IniStore(),
        };
        try
        {
            return store.Parse(content);
        }
        catch (StoreException)
        {
            return null;
        }
    }

    /// <summary>
    /// sops reads a JSON file of a binary name with its binary store, which prints the <c>data</c> string
    /// whatever else the file holds; a YAML file (which sops cannot read as binary) counts as binary when
    /// the data string is all it holds.
    /// </summary>
    private static bool IsBinary(string candidate, StoreDocument document) =>
        document.Documents is [var root] && root["data"] is Tree.Scalar { Kind: Tree.ScalarKind.String } &&
        (candidate == "json" || root.Items.Length == 1);
}
