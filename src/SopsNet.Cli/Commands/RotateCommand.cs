using System.CommandLine;
using SopsNet.Files.Config;
using SopsNet.Cli.Keys;
using SopsNet.Cli.Output;
using SopsNet.Keys;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet rotate FILE</c>: a new data key, every value re-encrypted and every key re-wrapped, with
/// recipients added (<c>--add-age</c>, <c>--add-pgp</c>) or removed (<c>--rm-…</c>) on the way. With
/// <c>-r</c> it works in place over every matching file below the given directories.
/// </summary>
internal sealed class RotateCommand
{
    public sealed record Options(FileOptions Files, IReadOnlyList<string> Paths)
    {
        public IReadOnlyList<MasterKey> Add { get; init; } = [];
        public IReadOnlyList<MasterKey> Remove { get; init; } = [];
        public bool Recursive { get; init; }
        public bool IgnoreMac { get; init; }
        public string? DecryptionOrder { get; init; }
        public int? ShamirThreshold { get; init; }
        public bool Quiet { get; init; }
    }

    private static readonly Argument<string[]> PathsArgument = new("file") { Arity = ArgumentArity.ZeroOrMore, Description = "encrypted file(s); directories with -r" };
    private static readonly Option<bool> InPlace = new("--in-place", "-i") { Description = "write the result over the input file" };
    private static readonly Option<string?> Output = new("--output") { Description = "write the result to this file" };
    private static readonly Option<string?> FilenameOverride = new("--filename-override") { Description = "file name used for format detection and .sops.yaml (one file)" };
    private static readonly Option<string[]> AddAge = new("--add-age") { Description = "age recipient to add", AllowMultipleArgumentsPerToken = false };
    private static readonly Option<string[]> RemoveAge = new("--rm-age") { Description = "age recipient to remove" };
    private static readonly Option<string[]> AddPgp = new("--add-pgp") { Description = "PGP fingerprint to add" };
    private static readonly Option<string[]> RemovePgp = new("--rm-pgp") { Description = "PGP fingerprint to remove" };
    private static readonly Option<string[]> AddKms = new("--add-kms") { Description = "AWS KMS ARN (ARN+ROLE_ARN) to add" };
    private static readonly Option<string[]> RemoveKms = new("--rm-kms") { Description = "AWS KMS ARN (ARN+ROLE_ARN) to remove" };
    private static readonly Option<string?> AwsProfile = new("--aws-profile") { Description = "AWS profile for the added KMS keys" };
    private static readonly Option<string?> EncryptionContext = new("--encryption-context") { Description = "KMS encryption context of the added KMS keys, k1:v1,k2:v2" };
    private static readonly Option<bool> Recursive = new("--recursive", "-r") { Description = "rotate every file a creation rule matches below the given directories, in place" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> OutputType = SharedOptions.OutputType();
    private static readonly Option<bool> Quiet = BatchOptions.Quiet();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("rotate", "give a file a new data key, optionally adding or removing recipients");
        command.Arguments.Add(PathsArgument);
        foreach (var option in new Option[] { InPlace, Output, AddAge, RemoveAge, AddPgp, RemovePgp, AddKms, RemoveKms, AwsProfile, EncryptionContext, GcpKmsCli.Add, GcpKmsCli.Remove, HcVaultCli.Add, HcVaultCli.Remove, Cli.Keys.AzureKeyVaultCli.AddOption, Cli.Keys.AzureKeyVaultCli.RemoveOption, Recursive, InputType, OutputType, FilenameOverride, GroupsCommand.ShamirThreshold, Quiet })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, ct) =>
        {
            var paths = result.GetValue(PathsArgument) ?? [];
            var recursive = result.GetValue(Recursive);
            if (AwsKmsCli.RejectContext(ctx, result.GetValue(EncryptionContext)) is { } rejected)
            {
                return rejected;
            }

            return RunAsync(new Options(new FileOptions(paths.FirstOrDefault())
            {
                InPlace = result.GetValue(InPlace) || recursive || paths.Length > 1,
                Output = result.GetValue(Output),
                InputType = result.GetValue(InputType),
                OutputType = result.GetValue(OutputType),
                FilenameOverride = result.GetValue(FilenameOverride),
                ConfigPath = result.GetValue(GlobalOptions.Config),
                Indent = result.GetValue(GlobalOptions.Indent),
            }, paths)
            {
                Add = [.. Keys(result.GetValue(AddAge), result.GetValue(AddPgp)),
                    .. AwsKmsCli.FromList(result.GetValue(AddKms) ?? [], result.GetValue(AwsProfile), result.GetValue(EncryptionContext)),
                    .. GcpKmsCli.Keys(result.GetValue(GcpKmsCli.Add)), .. HcVaultCli.Keys(result.GetValue(HcVaultCli.Add)),
                    .. Cli.Keys.AzureKeyVaultCli.Keys(result.GetValue(Cli.Keys.AzureKeyVaultCli.AddOption))],
                Remove = [.. Keys(result.GetValue(RemoveAge), result.GetValue(RemovePgp)), .. AwsKmsCli.FromList(result.GetValue(RemoveKms) ?? [], null, null),
                    .. GcpKmsCli.Keys(result.GetValue(GcpKmsCli.Remove)), .. HcVaultCli.Keys(result.GetValue(HcVaultCli.Remove)),
                    .. Cli.Keys.AzureKeyVaultCli.Keys(result.GetValue(Cli.Keys.AzureKeyVaultCli.RemoveOption))],
                Recursive = recursive,
                IgnoreMac = result.GetValue(GlobalOptions.IgnoreMac),
                DecryptionOrder = GlobalOptions.DecryptionOrderValue(result, ctx),
                ShamirThreshold = result.GetValue(GroupsCommand.ShamirThreshold),
                Quiet = result.GetValue(Quiet),
            }, ctx, ct);
        });
        return command;
    }

    private static List<MasterKey> Keys(string[]? age, string[]? pgp) =>
        (age ?? []).SelectMany(KeySpecs.SplitList).Select(KeySpecs.Age)
            .Concat((pgp ?? []).SelectMany(KeySpecs.SplitList).Select(KeySpecs.Pgp)).ToList();

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            if (o.Paths.Count == 0)
            {
                throw new SopsException(SopsError.NoFileSpecified, "no file specified"); // cmd/sops/main.go:1201
            }

            if ((o.Add.Count > 0 || o.Remove.Count > 0) && o.Paths.FirstOrDefault(p => !Path.Exists(ctx.FullPath(p))) is { } missing)
            {
                // cmd/sops/main.go:1214
                throw new SopsException(SopsError.CannotChangeKeysFromNonExistentFile, $"{(o.Paths.Count > 1 ? missing + ": " : "")}cannot add or remove keys on a file that does not exist; create it with edit");
            }

            if (o.Files.FilenameOverride is not null && o.Paths.Count > 1)
            {
                throw new SopsException(SopsError.ConflictingParameters, "--filename-override takes one file");
            }

            var config = Settings.LoadConfig(ctx, o.Files.ConfigPath, o.Files.Indent);

            // sops reads a missing file and fails with exit 2 (cmd/sops/rotate.go).
            var files = FileSet.Expand(ctx, o.Paths, o.Recursive, config, SopsError.CouldNotReadInputFile);
            if (files.Count == 1 && !o.Recursive)
            {
                await RotateAsync(o, o.Files with { File = files[0] }, ctx, ct).ConfigureAwait(false);
                return 0;
            }

            if (o.Files.Output is not null)
            {
                throw new SopsException(SopsError.ConflictingParameters, "--output takes one file; several files are rotated in place");
            }

            return await FileBatch.RunAsync(ctx, files, async file => new FileResult(await RotateAsync(o, o.Files with { File = file }, ctx, ct).ConfigureAwait(false), Changed: true), ct, o.Quiet).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, o.Paths.Count == 1 ? o.Paths[0] : null);
        }
    }

    private static async Task<string> RotateAsync(Options o, FileOptions files, CliContext ctx, CancellationToken ct)
    {
        var session = await EncryptedFileSession.OpenAsync(ctx, files, o.IgnoreMac, o.DecryptionOrder, ct).ConfigureAwait(false);

        // Warned, not refused: as in sops, recipients added by flag (and kept by rotate) are legitimate.
        RecipientDrift.Warn(ctx, files.File!, RecipientDrift.Find(session.Plain.Metadata.KeyGroups, session.Job.Config.RuleFor(session.Job.Input.NameForRules)));
        var change = KeyChange.Edit(session.Plain.Metadata.KeyGroups, o.Add, o.Remove);
        if (change.Groups.All(g => g.IsEmpty))
        {
            throw new SopsException(SopsError.Generic, "removing these recipients would leave the file with no key");
        }

        await session.RotateAsync(ctx, change.Groups, ct, o.ShamirThreshold).ConfigureAwait(false);
        return change.IsEmpty ? "new data key" : $"new data key; {change}";
    }
}
