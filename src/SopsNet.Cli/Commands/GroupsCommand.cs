using System.Collections.Immutable;
using System.CommandLine;
using SopsNet.Files.Config;
using SopsNet.Cli.Keys;
using SopsNet.Cli.Output;
using SopsNet.Keys;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet groups add|delete</c>: adds a key group to a file or removes one, as sops does. Unlike sops,
/// which re-splits the same data key, the file gets a new data key: shares of the old key (held by a
/// removed group, or by anyone with an older copy of the file) must not open the new version.
/// </summary>
internal static class GroupsCommand
{
    /// <summary>Shared with encrypt and rotate: sops's flag name for the number of groups needed.</summary>
    public static readonly Option<int?> ShamirThreshold = new("--shamir-secret-sharing-threshold")
    {
        Description = "how many key groups are needed to decrypt (default: all of them)",
    };

    private static readonly Option<string?> FileOption = new("--file", "-f") { Description = "the encrypted file" };
    private static readonly Option<bool> InPlace = new("--in-place", "-i") { Description = "write the result over the file instead of printing it" };
    private static readonly Option<string[]> Age = new("--age") { Description = "age recipient of the new group (repeatable)" };
    private static readonly Option<string[]> Pgp = new("--pgp") { Description = "PGP fingerprint of the new group (repeatable)" };
    private static readonly Option<string[]> Kms = new("--kms") { Description = "AWS KMS ARN (ARN+ROLE_ARN) of the new group (repeatable)" };
    private static readonly Option<string?> AwsProfile = new("--aws-profile") { Description = "AWS profile for the --kms keys" };
    private static readonly Option<string?> EncryptionContext = new("--encryption-context") { Description = "KMS encryption context of the --kms keys, k1:v1,k2:v2" };
    private static readonly Option<string[]> GcpKms = new("--gcp-kms") { Description = "GCP KMS resource id of the new group (repeatable)" };
    private static readonly Option<string[]> AzureKv = new("--azure-kv") { Description = "Azure Key Vault key url of the new group (repeatable)" };
    private static readonly Option<string[]> HcVault = new("--hc-vault-transit") { Description = "Vault transit key URI of the new group (repeatable)" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> OutputType = SharedOptions.OutputType();

    // Zero or more, so that a missing or extra index is sops's error (exit 1), not a parse error.
    private static readonly Argument<string[]> IndexArgument = new("index") { Arity = ArgumentArity.ZeroOrMore, Description = "the group to delete, counted from 0" };
    private static readonly Argument<string[]> NoArguments = new("none") { Arity = ArgumentArity.ZeroOrMore, Hidden = true };

    public static Command Create(CliContext ctx)
    {
        var add = new Command("add", "add a key group (the file gets a new data key, split across the groups)");
        add.Arguments.Add(NoArguments);
        foreach (var option in new Option[] { FileOption, InPlace, Age, Pgp, Kms, AwsProfile, EncryptionContext, GcpKms, AzureKv, HcVault, InputType, OutputType, ShamirThreshold })
        {
            add.Options.Add(option);
        }

        add.SetAction((result, ct) =>
        {
            if (result.GetValue(NoArguments) is { Length: > 0 })
            {
                return Usage(ctx, "groups add takes no arguments: give the file with --file"); // cmd/sops/main.go:618
            }

            if (AwsKmsCli.RejectContext(ctx, result.GetValue(EncryptionContext)) is { } rejected)
            {
                return rejected;
            }

            var group = (result.GetValue(Age) ?? []).SelectMany(KeySpecs.SplitList).Select(KeySpecs.Age)
                .Concat((result.GetValue(Pgp) ?? []).SelectMany(KeySpecs.SplitList).Select(KeySpecs.Pgp))
                .Concat(AwsKmsCli.FromList(result.GetValue(Kms) ?? [], result.GetValue(AwsProfile), result.GetValue(EncryptionContext)))
                .Concat(GcpKmsCli.Keys(result.GetValue(GcpKms)))
                .Concat(AzureKeyVaultCli.Keys(result.GetValue(AzureKv)))
                .Concat(HcVaultCli.Keys(result.GetValue(HcVault)))
                .DistinctBy(KeyIdentity.Of).ToImmutableArray();
            return RunAsync(Files(result), result.GetValue(ShamirThreshold), result, ctx, groups =>
                group.IsEmpty
                    ? throw new SopsException(SopsError.Generic, "groups add needs the new group's keys: give --age, --pgp, --kms, --gcp-kms, --azure-kv or --hc-vault-transit")
                    : groups.Add(group), ct);
        });

        var delete = new Command("delete", "delete a key group (the file gets a new data key, split across the remaining groups)");
        delete.Arguments.Add(IndexArgument);
        foreach (var option in new Option[] { FileOption, InPlace, InputType, OutputType, ShamirThreshold })
        {
            delete.Options.Add(option);
        }

        delete.SetAction((result, ct) =>
        {
            // cmd/sops/main.go:696, 700: exactly one index, a non-negative integer; both exit 1.
            if (result.GetValue(IndexArgument) is not [var text])
            {
                return Usage(ctx, "groups delete takes exactly one argument: the index of the group");
            }

            if (!int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index))
            {
                return Usage(ctx, $"groups delete: '{text}' is not a group index (0, 1, ...)");
            }

            return RunAsync(Files(result), result.GetValue(ShamirThreshold), result, ctx, groups =>
                groups.Length == 1 ? throw new SopsException(SopsError.Generic, "the file has only one key group, which cannot be deleted")
                : index >= groups.Length ? throw new SopsException(SopsError.Generic, $"there is no key group {index}: the file has groups 0 to {groups.Length - 1}")
                : groups.RemoveAt(index), ct);
        });

        var command = new Command("groups", "add or delete key groups (shamir secret sharing)");
        command.Subcommands.Add(add);
        command.Subcommands.Add(delete);
        return command;
    }

    private static Task<int> Usage(CliContext ctx, string message) =>
        Task.FromResult(new Reporter(ctx.StandardError).Fail(new SopsException(SopsError.Generic, message), null));

    private static FileOptions Files(ParseResult result) => new(result.GetValue(FileOption))
    {
        InPlace = result.GetValue(InPlace),
        InputType = result.GetValue(InputType),
        OutputType = result.GetValue(OutputType),
        ConfigPath = result.GetValue(GlobalOptions.Config),
        Indent = result.GetValue(GlobalOptions.Indent),
    };

    private static async Task<int> RunAsync(
        FileOptions files, int? threshold, ParseResult result, CliContext ctx,
        Func<ImmutableArray<ImmutableArray<MasterKey>>, ImmutableArray<ImmutableArray<MasterKey>>> change, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            if (files.File is null)
            {
                // sops reads the file "" and fails with exit 2.
                throw new SopsException(SopsError.CouldNotReadInputFile, "no file given: name it with --file");
            }

            var session = await EncryptedFileSession.OpenAsync(ctx, files, result.GetValue(GlobalOptions.IgnoreMac),
                GlobalOptions.DecryptionOrderValue(result, ctx), ct).ConfigureAwait(false);
            var groups = change(session.Plain.Metadata.KeyGroups);
            var newThreshold = threshold ?? session.Plain.Metadata.ShamirThreshold;

            // As sops: a threshold the remaining groups cannot meet is refused rather than silently lowered.
            // Down to one group there is no sharing left (sops would refuse); the threshold is dropped.
            if (groups.Length == 1)
            {
                newThreshold = 0;
            }
            else if (newThreshold > groups.Length)
            {
                throw new SopsException(SopsError.Generic,
                    $"the shamir threshold is {newThreshold}, but the file would have only {groups.Length} key group{(groups.Length == 1 ? "" : "s")}");
            }

            await session.RotateAsync(ctx, groups, ct, newThreshold).ConfigureAwait(false);
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, files.File);
        }
    }
}
