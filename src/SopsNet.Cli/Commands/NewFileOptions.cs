using System.CommandLine;
using SopsNet.Files.Config;
using SopsNet.Cli.Keys;
using SopsNet.Selection;

namespace SopsNet.Cli.Commands;

/// <summary>
/// The flags that decide how a new file is encrypted: its keys, its selection rule, the mac mode and the
/// shamir threshold. encrypt takes them, and so does edit for a file it creates (sops's edit has them too).
/// </summary>
internal static class NewFileOptions
{
    private static readonly Option<string?> Age = new("--age", "-a") { Description = "comma-separated age recipients (env SOPS_AGE_RECIPIENTS)" };
    private static readonly Option<string?> Pgp = new("--pgp", "-p") { Description = "comma-separated PGP fingerprints (env SOPS_PGP_FP)" };
    private static readonly Option<string?> Kms = new("--kms", "-k") { Description = "comma-separated AWS KMS ARNs, each optionally ARN+ROLE_ARN (env SOPS_KMS_ARN)" };
    private static readonly Option<string?> AwsProfile = new("--aws-profile") { Description = "AWS profile for the --kms keys" };
    private static readonly Option<string?> EncryptionContext = new("--encryption-context") { Description = "KMS encryption context, k1:v1,k2:v2" };
    private static readonly Option<bool> MacOnlyEncrypted = new("--mac-only-encrypted") { Description = "compute the mac over encrypted values only" };
    private static readonly Option<string?>[] RuleOptions =
        SelectionRule.MetadataKeys.Select(k => new Option<string?>("--" + k.Replace('_', '-')) { Description = $"selection rule: {k.Replace('_', ' ')}" }).ToArray();

    public static void AddTo(Command command)
    {
        foreach (var option in new Option[] { Age, Pgp, Kms, AwsProfile, EncryptionContext, GcpKmsCli.Encrypt, HcVaultCli.Encrypt, AzureKeyVaultCli.EncryptOption, MacOnlyEncrypted, GroupsCommand.ShamirThreshold }.Concat(RuleOptions))
        {
            command.Options.Add(option);
        }
    }

    /// <summary>Key flags fall back to sops's environment variables (the EnvVar of each flag in cmd/sops/main.go).</summary>
    public static EncryptCommand.Options Read(ParseResult result, CliContext ctx, FileOptions files) => new(files)
    {
        Age = KeySpecs.SplitList(result.GetValue(Age) ?? ctx.Env("SOPS_AGE_RECIPIENTS")).ToList(),
        Pgp = KeySpecs.SplitList(result.GetValue(Pgp) ?? ctx.Env("SOPS_PGP_FP")).ToList(),
        Kms = result.GetValue(Kms) ?? ctx.Env("SOPS_KMS_ARN"),
        AwsProfile = result.GetValue(AwsProfile),
        EncryptionContext = result.GetValue(EncryptionContext),
        GcpKms = GcpKmsCli.FromFlagOrEnv(result, ctx),
        HcVault = HcVaultCli.FromFlagOrEnv(result, ctx),
        AzureKv = KeySpecs.SplitList(result.GetValue(AzureKeyVaultCli.EncryptOption) ?? ctx.Env("SOPS_AZURE_KEYVAULT_URLS")).ToList(),
        Rules = RuleOptions.Zip(SelectionRule.MetadataKeys)
            .Where(x => result.GetValue(x.First) is { Length: > 0 })
            .Select(x => SelectionRule.FromMetadataKey(x.Second, result.GetValue(x.First)!)).ToList(),
        MacOnlyEncrypted = result.GetValue(MacOnlyEncrypted),
        ShamirThreshold = result.GetValue(GroupsCommand.ShamirThreshold),
        DecryptionOrder = GlobalOptions.DecryptionOrderValue(result, ctx),
    };
}
