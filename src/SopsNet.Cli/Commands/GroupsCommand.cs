using System.Collections.Immutable;
using System.CommandLine;
using SopsNet.Cli.Config;
using SopsNet.Cli.Output;
using SopsNet.Keys;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet groups add|delete</c>: adds a key group to a file or removes one, as sops does. Unlike sops,
/// which re-splits the same data key, the file gets a new data key: shares of the old key (held by a
/// removed group, or by anyone with an older copy of the file) must not open the new version.
/// </summary>
public static class GroupsCommand
{
    /// <summary>Shared with encrypt and rotate: sops's flag name for the number of groups needed.</summary>
    public static readonly Option<int?> ShamirThreshold = new("--shamir-secret-sharing-threshold")
    {
        Description = "how many key groups are needed to decrypt (default: all of them)",
    };

    private static readonly Option<string> FileOption = new("--file", "-f") { Description = "the encrypted file", Required = true };
    private static readonly Option<bool> InPlace = new("--in-place", "-i") { Description = "write the result over the file instead of printing it" };
    private static readonly Option<string[]> Age = new("--age") { Description = "age recipient of the new group (repeatable)" };
    private static readonly Option<string[]> Pgp = new("--pgp") { Description = "PGP fingerprint of the new group (repeatable)" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Argument<int> IndexArgument = new("index") { Description = "the group to delete, counted from 0" };

    public static Command Create(CliContext ctx)
    {
        var add = new Command("add", "add a key group (the file gets a new data key, split across the groups)");
        foreach (var option in new Option[] { FileOption, InPlace, Age, Pgp, InputType, ShamirThreshold })
        {
            add.Options.Add(option);
        }

        add.SetAction((result, ct) =>
        {
            var group = (result.GetValue(Age) ?? []).SelectMany(KeySpecs.SplitList).Select(KeySpecs.Age)
                .Concat((result.GetValue(Pgp) ?? []).SelectMany(KeySpecs.SplitList).Select(KeySpecs.Pgp))
                .DistinctBy(KeyIdentity.Of).ToImmutableArray();
            return RunAsync(Files(result), result.GetValue(ShamirThreshold), result, ctx, groups =>
                group.IsEmpty
                    ? throw new CliException(SopsError.Generic, "groups add needs the new group's keys: give --age or --pgp")
                    : groups.Add(group), ct);
        });

        var delete = new Command("delete", "delete a key group (the file gets a new data key, split across the remaining groups)");
        delete.Arguments.Add(IndexArgument);
        foreach (var option in new Option[] { FileOption, InPlace, InputType, ShamirThreshold })
        {
            delete.Options.Add(option);
        }

        delete.SetAction((result, ct) =>
        {
            var index = result.GetValue(IndexArgument);
            return RunAsync(Files(result), result.GetValue(ShamirThreshold), result, ctx, groups =>
                groups.Length == 1 ? throw new CliException(SopsError.Generic, "the file has only one key group, which cannot be deleted")
                : index < 0 || index >= groups.Length ? throw new CliException(SopsError.Generic, $"there is no key group {index}: the file has groups 0 to {groups.Length - 1}")
                : groups.RemoveAt(index), ct);
        });

        var command = new Command("groups", "add or delete key groups (shamir secret sharing)");
        command.Subcommands.Add(add);
        command.Subcommands.Add(delete);
        return command;
    }

    private static FileOptions Files(ParseResult result) => new(result.GetValue(FileOption))
    {
        InPlace = result.GetValue(InPlace),
        InputType = result.GetValue(InputType),
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
            var session = await EncryptedFileSession.OpenAsync(ctx, files, result.GetValue(GlobalOptions.IgnoreMac),
                ctx.Env("SOPS_DECRYPTION_ORDER"), ct).ConfigureAwait(false);
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
                throw new CliException(SopsError.Generic,
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
