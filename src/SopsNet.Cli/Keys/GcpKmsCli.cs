using System.CommandLine;
using SopsNet.Cli.Config;
using SopsNet.Cli.Output;
using SopsNet.GcpKms;
using SopsNet.Keys;
using YamlDotNet.RepresentationModel;

namespace SopsNet.Cli.Keys;

/// <summary>The <c>gcp_kms</c> key type on the command line, in the environment and in <c>.sops.yaml</c>.</summary>
internal static class GcpKmsCli
{
    public static readonly Option<string?> Encrypt = Checked(new Option<string?>("--gcp-kms") { Description = "comma-separated GCP KMS resource ids (env SOPS_GCP_KMS_IDS)" });
    public static readonly Option<string[]> Add = Checked(new Option<string[]>("--add-gcp-kms") { Description = "GCP KMS resource id to add" });
    public static readonly Option<string[]> Remove = Checked(new Option<string[]>("--rm-gcp-kms") { Description = "GCP KMS resource id to remove" });

    public static IReadOnlyList<string> FromFlagOrEnv(ParseResult result, CliContext ctx) =>
        KeySpecs.SplitList(result.GetValue(Encrypt) ?? ctx.Env("SOPS_GCP_KMS_IDS")).ToList();

    /// <summary>A malformed key in a flag is a usage error, reported before anything runs.</summary>
    private static Option<T> Checked<T>(Option<T> option)
    {
        option.Validators.Add(result =>
        {
            foreach (var value in result.Tokens.SelectMany(t => KeySpecs.SplitList(t.Value)))
            {
                try
                {
                    GcpKmsKeyProvider.Template(value);
                }
                catch (ArgumentException e)
                {
                    result.AddError(e.Message);
                }
            }
        });
        return option;
    }

    public static IEnumerable<MasterKey> Keys(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(KeySpecs.SplitList).Select(Key);

    public static MasterKey Key(string resourceId)
    {
        try
        {
            return GcpKmsKeyProvider.Template(resourceId);
        }
        catch (ArgumentException e)
        {
            throw new SopsException(SopsError.Generic, e.Message);
        }
    }

    /// <summary>
    /// A creation rule's <c>gcp_kms</c>: a comma-separated string or list of resource ids; in a key group, a
    /// list of <c>{resource_id: …}</c> (plain strings accepted too).
    /// </summary>
    public static IEnumerable<MasterKey> FromConfig(YamlNode? node) => node switch
    {
        YamlScalarNode { Value: { } v } => KeySpecs.SplitList(v).Select(GcpKmsKeyProvider.Template),
        YamlSequenceNode s => s.Children.SelectMany(c => c switch
        {
            YamlScalarNode { Value: { } v } => KeySpecs.SplitList(v),
            YamlMappingNode m when m.Children.TryGetValue(new YamlScalarNode("resource_id"), out var id) && id is YamlScalarNode { Value: { } r } => [r],
            _ => throw new ArgumentException("gcp_kms: each entry must be a resource id or {resource_id: …}"),
        }).Select(GcpKmsKeyProvider.Template),
        _ => [],
    };

    /// <summary>Nothing is read or contacted here: credentials are resolved on the first gcp_kms call.</summary>
    public static IKeyProvider Provider(CliContext ctx) => new GcpKmsKeyProvider(
        GcpCredentials.FromEnvironment(ctx.Env), ctx.Env("SOPS_GCP_KMS_ENDPOINT"), KeyTimeout.From(ctx), ctx.Clock);
}
