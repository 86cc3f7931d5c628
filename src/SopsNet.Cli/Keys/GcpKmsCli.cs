using System.CommandLine;
using SopsNet.Files.Config;
using SopsNet.Cli.Output;
using SopsNet.GcpKms;
using SopsNet.Keys;

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
}
