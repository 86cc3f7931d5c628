using System.Collections.Immutable;
using System.Globalization;
using SopsNet.AwsKms;
using SopsNet.Cli.Output;
using SopsNet.Keys;

namespace SopsNet.Cli.Keys;

/// <summary>
/// The CLI side of AWS KMS keys: key templates from <c>--kms</c>/<c>SOPS_KMS_ARN</c> and <c>--encryption-context</c>
/// (the provider and the <c>.sops.yaml</c> forms are <see cref="AwsKmsKeyService"/>).
/// </summary>
internal static class AwsKmsCli
{
    /// <summary>
    /// sops's <c>--encryption-context k1:v1,k2:v2</c>: every item must split into exactly two parts at
    /// <c>:</c> (no trimming), else the whole flag is invalid (exit 6).
    /// </summary>
    public static IReadOnlyDictionary<string, string> ParseContext(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(text))
        {
            return result;
        }

        foreach (var item in text.Split(','))
        {
            var kv = item.Split(':');
            if (kv.Length != 2)
            {
                throw new SopsException(SopsError.InvalidKmsEncryptionContextFormat,
                    $"--encryption-context: '{item}' is not key:value (expected k1:v1,k2:v2)");
            }

            result[kv[0]] = kv[1];
        }

        return result;
    }

    /// <summary>For commands that build keys while parsing flags: a bad context reported (exit 6), else null.</summary>
    public static Task<int>? RejectContext(CliContext ctx, string? context)
    {
        try
        {
            ParseContext(context);
            return null;
        }
        catch (SopsException e)
        {
            return Task.FromResult(new Reporter(ctx.StandardError).Fail(e, null));
        }
    }

    /// <summary>Templates from a comma-separated <c>ARN[+ROLE_ARN]</c> list (<c>--kms</c>, <c>SOPS_KMS_ARN</c>, <c>--add-kms</c>).</summary>
    public static IEnumerable<MasterKey> FromList(IEnumerable<string> specs, string? profile, string? context)
    {
        var parsed = ParseContext(context);
        return specs.SelectMany(s => s.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Select(s => AwsKmsKeys.FromSpec(s, parsed, profile)).ToList();
    }

    /// <summary>
    /// The CLI's <c>--encryption-context</c> applies to the rule's kms keys as well (docs/format.md §10.3), except to
    /// key-group entries that carry their own <c>context</c>.
    /// </summary>
    public static ImmutableArray<ImmutableArray<MasterKey>> ApplyContext(ImmutableArray<ImmutableArray<MasterKey>> groups, string? context)
    {
        var parsed = ParseContext(context);
        return parsed.Count == 0 ? groups : [.. groups.Select(g => g.Select(k =>
            k.Type == AwsKmsKeys.Type && AwsKmsKeys.Context(k).Count == 0 ? AwsKmsKeys.WithContext(k, parsed) : k).ToImmutableArray())];
    }
}
