using System.Text;
using System.Text.RegularExpressions;
using SopsNet.Tree;
using SopsNet.Values;

namespace SopsNet.Stores.Yaml;

/// <summary>
/// The scalar typing of go-yaml v3 (resolve.go) when decoding into an untyped value, which is what
/// sops does: it decides which values become ints, floats, bools, timestamps or nulls and therefore
/// which envelope <c>type:</c> they get. The resulting Text must parse with Go's strconv / RFC 3339
/// (sops decrypts that way), so spellings Go cannot read are replaced by the canonical form.
/// </summary>
internal static partial class GoYamlResolver
{
    public const string TagPrefix = "tag:yaml.org,2002:";

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", RegexOptions.CultureInvariant)]
    private static partial Regex YamlStyleFloat();

    /// <summary>Types a plain, untagged scalar.</summary>
    public static YamlResolvedScalar ResolvePlain(string value, int line = 0, int column = 0, string? path = null) =>
        Resolve(value, allowTimestamp: true, line, column, path) ?? new YamlResolvedScalar(ScalarKind.String, value);

    /// <summary>
    /// Types a tagged scalar (the tag as YamlDotNet reports it, e.g. <c>tag:yaml.org,2002:int</c>).
    /// Unknown tags give the text as a string, as go-yaml does; a value that does not fit its
    /// standard tag is an error, as in go-yaml.
    /// </summary>
    public static YamlResolvedScalar ResolveTagged(string tag, string value, int line, int column, string path)
    {
        if (!tag.StartsWith(TagPrefix, StringComparison.Ordinal))
        {
            return new YamlResolvedScalar(ScalarKind.String, value);
        }

        var shortTag = tag[TagPrefix.Length..];
        switch (shortTag)
        {
            case "str":
                return new YamlResolvedScalar(ScalarKind.String, value);
            case "binary":
                return DecodeBinary(value, line, column, path);
            case "int" or "float" or "bool" or "null" or "timestamp":
                var resolved = Resolve(value, allowTimestamp: shortTag == "timestamp", line, column, path);
                var expected = shortTag switch
                {
                    "int" => ScalarKind.Int,
                    "float" => ScalarKind.Float,
                    "bool" => ScalarKind.Bool,
                    "null" => ScalarKind.Null,
                    _ => ScalarKind.Time,
                };
                if (resolved is not null && resolved.Kind == ScalarKind.Int && expected == ScalarKind.Float)
                {
                    // go-yaml turns an int written under !!float into a float.
                    var f = (double)long.Parse(resolved.Text, System.Globalization.CultureInfo.InvariantCulture);
                    return new YamlResolvedScalar(ScalarKind.Float, GoFormat.FormatFloat(f), "explicitly tagged value is written back untagged");
                }

                if (resolved is null || resolved.Kind != expected)
                {
                    throw new StoreException($"yaml value cannot be decoded as !!{shortTag}", line, column, path);
                }

                return expected == ScalarKind.Null
                    ? resolved
                    : resolved with { Change = resolved.Change ?? "explicitly tagged value is written back untagged" };
            default:
                return new YamlResolvedScalar(ScalarKind.String, value);
        }
    }

    private static YamlResolvedScalar DecodeBinary(string value, int line, int column, string path)
    {
        // Go's base64 decoder skips CR and LF; other whitespace is an error.
        var compact = value.Replace("\r", "", StringComparison.Ordinal).Replace("\n", "", StringComparison.Ordinal);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(compact);
            if (compact.Any(char.IsWhiteSpace))
            {
                throw new FormatException();
            }
        }
        catch (FormatException)
        {
            throw new StoreException("yaml !!binary value contains invalid base64 data", line, column, path);
        }

        const string change = "!!binary value is decoded and written back as a plain string";
        try
        {
            var text = new UTF8Encoding(false, true).GetString(bytes);
            return new YamlResolvedScalar(ScalarKind.String, text, change);
        }
        catch (DecoderFallbackException)
        {
            return new YamlResolvedScalar(ScalarKind.String, Encoding.UTF8.GetString(bytes), change, bytes);
        }
    }

    /// <summary>Returns null when the value is a string (go-yaml's fall-through).</summary>
    private static YamlResolvedScalar? Resolve(string value, bool allowTimestamp, int line, int column, string? path)
    {
        if (value.Length == 0)
        {
            return Null;
        }

        switch (value)
        {
            case "~" or "null" or "Null" or "NULL":
                return Null;
            case "True" or "False":
                // sops itself encrypts every boolean as True/False, so that payload is read back as the
                // YAML-usual lower case; a file that spells it title-case changes spelling.
                return new YamlResolvedScalar(ScalarKind.Bool, value, "title-case boolean is written back in lower case (sops stores every boolean capitalised and reads the capital form as lower case)");
            case "true" or "TRUE" or "false" or "FALSE":
                return new YamlResolvedScalar(ScalarKind.Bool, value);
            case ".nan" or ".NaN" or ".NAN":
                return new YamlResolvedScalar(ScalarKind.Float, "NaN", "yaml NaN is encrypted in Go's spelling and written back as .nan");
            case ".inf" or ".Inf" or ".INF" or "+.inf" or "+.Inf" or "+.INF":
                return new YamlResolvedScalar(ScalarKind.Float, "+Inf", "yaml infinity is encrypted in Go's spelling and written back as .inf");
            case "-.inf" or "-.Inf" or "-.INF":
                return new YamlResolvedScalar(ScalarKind.Float, "-Inf", "yaml infinity is encrypted in Go's spelling and written back as -.inf");
        }

        var first = value[0];
        if (first == '.')
        {
            return GoFormat.TryParseFloat(value, out var f) && !double.IsNaN(f) && !double.IsInfinity(f)
                ? Float(value, f)
                : null;
        }

        if (!(char.IsAsciiDigit(first) || first == '+' || first == '-'))
        {
            return null;
        }

        if (allowTimestamp && GoYamlTimestamp.TryParse(value, out var time))
        {
            var canonical = time.ToString();
            var keep = value == canonical ||
                       (value.Length > 10 && value[10] == 'T' && GoTime.TryParseRfc3339(value, out var reparsed) && reparsed == time);
            return keep
                ? new YamlResolvedScalar(ScalarKind.Time, value)
                : new YamlResolvedScalar(ScalarKind.Time, canonical,
                    "unquoted date is a timestamp for sops and will be written back in RFC 3339 form");
        }

        var plain = value.Replace("_", "", StringComparison.Ordinal);
        if (GoIntParser.TryParseInt64(plain, out var i))
        {
            var keep = GoFormat.TryParseInt(value, out var same) && same == i;
            return keep
                ? new YamlResolvedScalar(ScalarKind.Int, value)
                : new YamlResolvedScalar(ScalarKind.Int, i.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    "integer is not in decimal form and will be written back as a plain decimal");
        }

        if (GoIntParser.TryParseUInt64(plain, out _))
        {
            // go-yaml returns a uint64 here, and sops's tree walker rejects that type.
            throw new StoreException("yaml integer is too large for a 64-bit signed integer (sops cannot handle it)", line, column, path);
        }

        if (YamlStyleFloat().IsMatch(plain) && GoFormat.TryParseFloat(plain, out var fl))
        {
            return Float(value, fl);
        }

        return null;
    }

    private static YamlResolvedScalar Float(string value, double f)
    {
        if (GoFormat.TryParseFloat(value, out var same) && same.Equals(f))
        {
            return new YamlResolvedScalar(ScalarKind.Float, value);
        }

        return new YamlResolvedScalar(ScalarKind.Float, GoFormat.FormatFloat(f),
            "float is not in a form Go reads and will be written back in plain decimal form");
    }

    private static YamlResolvedScalar Null { get; } = new(ScalarKind.Null, "");
}
