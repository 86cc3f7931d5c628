using System.Collections.Immutable;
using System.CommandLine;
using SopsNet.Files.Config;
using SopsNet.Cli.Keys;
using SopsNet.Cli.Output;
using SopsNet.Documents;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Selection;

namespace SopsNet.Cli.Commands;

/// <summary><c>sopsnet encrypt [FILE]</c>: encrypts a plaintext file for the keys given on the command line or by the matching creation rule.</summary>
internal sealed class EncryptCommand
{
    public sealed record Options(FileOptions Files)
    {
        public IReadOnlyList<string> Age { get; init; } = [];
        public IReadOnlyList<string> Pgp { get; init; } = [];
        public string? Kms { get; init; }
        public string? AwsProfile { get; init; }
        public string? EncryptionContext { get; init; }
        public IReadOnlyList<string> GcpKms { get; init; } = [];
        public IReadOnlyList<string> HcVault { get; init; } = [];
        public IReadOnlyList<string> AzureKv { get; init; } = [];
        public IReadOnlyList<SelectionRule> Rules { get; init; } = [];
        public bool MacOnlyEncrypted { get; init; }
        public string? ReuseFrom { get; init; }
        public string? DecryptionOrder { get; init; }
        public int? ShamirThreshold { get; init; }
    }

    private static readonly Argument<string[]> FileArgument = new("file") { Arity = ArgumentArity.ZeroOrMore, Description = "the plaintext file (standard input if absent)" };
    private static readonly Option<bool> InPlace = new("--in-place", "-i") { Description = "write the result over the input file" };
    private static readonly Option<string?> Output = new("--output") { Description = "write the result to this file" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> OutputType = SharedOptions.OutputType();
    private static readonly Option<string?> FilenameOverride = new("--filename-override") { Description = "file name used for format detection and creation rules" };
    private static readonly Option<string?> ReuseFrom = new("--reuse-from") { Description = "an earlier encrypted version: keep its data key, keys and the ciphertext of unchanged values" };

    public static Command Create(CliContext ctx)
    {
        var command = new Command("encrypt", "encrypt a file's values for its recipients (age, PGP, KMS, ...: from the flags or the .sops.yaml creation rules)");
        command.Arguments.Add(FileArgument);
        foreach (var option in new Option[] { InPlace, Output, InputType, OutputType, FilenameOverride, ReuseFrom })
        {
            command.Options.Add(option);
        }

        NewFileOptions.AddTo(command);
        command.SetAction((result, ct) => RunAsync(NewFileOptions.Read(result, ctx, new FileOptions(SharedOptions.FirstFile(result.GetValue(FileArgument), ctx))
        {
            InPlace = result.GetValue(InPlace),
            Output = result.GetValue(Output),
            InputType = result.GetValue(InputType),
            OutputType = result.GetValue(OutputType),
            FilenameOverride = result.GetValue(FilenameOverride),
            ConfigPath = result.GetValue(GlobalOptions.Config),
            Indent = result.GetValue(GlobalOptions.Indent),
        }) with
        {
            ReuseFrom = result.GetValue(ReuseFrom),
        }, ctx, ct));
        return command;
    }

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        FileJob? job = null;
        try
        {
            var files = o.Files;
            if (files.File is null && files.FilenameOverride is null && files.InputType is null)
            {
                throw new SopsException(SopsError.ConflictingParameters, "reading standard input needs --filename-override or --input-type to choose the format");
            }

            // main.go (encrypt action): sops checks the file exists before anything else, exit 100.
            SharedOptions.RequireExisting(ctx, files.File);
            if (o.Rules.Count > 1)
            {
                throw new SopsException(SopsError.ConflictingParameters, $"only one selection rule may be given, not {string.Join(" and ", o.Rules.Select(r => "--" + r.MetadataKey.Replace('_', '-')))}");
            }

            job = FileJob.Open(ctx, files);
            var warnings = new WarningTally();
            var entries = job.TryParseEntries(warnings);
            var plain = entries is null ? job.ParsePlain() : null;
            if (plain is not null)
            {
                reporter.StoreWarnings(job.Input.DisplayName, plain.Warnings);
            }
            else
            {
                reporter.StoreWarnings(job.Input.DisplayName, warnings);
            }

            if (PreviousVersion(o, ctx) is { } previous)
            {
                var code = await ReuseAsync(o, ctx, job, plain ?? job.ParsePlain(), previous, ct).ConfigureAwait(false);
                job.WarnIfSopsCannotRead(reporter);
                return code;
            }

            var settings = Resolve(o, job.Config.RuleFor(job.Input.NameForRules), job.Config.Describe(ctx.CurrentDirectory));
            var keys = KeyProviders.CreateKeyRing(ctx, null);
            if (entries is not null && await entries.EncryptAsync(settings, keys, ctx.Clock, ct).ConfigureAwait(false) is { } write)
            {
                job.WriteEncrypted(ctx, write);
            }
            else
            {
                job.WriteEncrypted(ctx, await (plain ?? job.ParsePlain()).EncryptAsync(settings, keys, ctx.Clock, ct).ConfigureAwait(false));
            }

            job.WarnIfSopsCannotRead(reporter);
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, job?.Input.DisplayName ?? o.Files.File);
        }
    }

    /// <summary>
    /// The earlier encrypted version to build on: --reuse-from, or an --output target that is already an
    /// encrypted file (re-encrypting a plaintext over its committed encrypted twin).
    /// </summary>
    private static string? PreviousVersion(Options o, CliContext ctx)
    {
        if (o.ReuseFrom is not null)
        {
            return o.ReuseFrom;
        }

        return o.Files.Output is { } output && File.Exists(ctx.FullPath(output)) &&
               File.ReadAllText(ctx.FullPath(output)).Contains("ENC[AES256_GCM,", StringComparison.Ordinal) ? output : null;
    }

    /// <summary>
    /// Encrypts with the previous version's data key, keys and IVs, so unchanged values keep their exact
    /// ciphertext; when the plaintext is exactly what the previous version decrypts to, its bytes are
    /// written back untouched (no lastmodified or mac churn).
    /// </summary>
    private static async Task<int> ReuseAsync(Options o, CliContext ctx, FileJob job, PlainDocument plain, string previousPath, CancellationToken ct)
    {
        var previous = await EncryptedFileSession.OpenAsync(ctx, new FileOptions(previousPath) { InputType = job.OutputType, ConfigPath = o.Files.ConfigPath, Indent = o.Files.Indent },
            ignoreMac: false, o.DecryptionOrder, ct).ConfigureAwait(false);
        job.WriteEncrypted(ctx, previous.Document.EncryptLike(plain));
        return 0;
    }

    /// <summary>Keys from flags or env replace the rule's keys entirely; a selection flag overrides the rule's, as in sops.</summary>
    /// <param name="config">The .sops.yaml read (<see cref="SopsConfig.Describe"/>), named when no key is found.</param>
    internal static EncryptionSettings Resolve(Options o, CreationRule? rule, string config)
    {
        var flagKeys = o.Age.Select(KeySpecs.Age).Concat(o.Pgp.Select(KeySpecs.Pgp))
            .Concat(AwsKmsCli.FromList(o.Kms is null ? [] : [o.Kms], o.AwsProfile, o.EncryptionContext))
            .Concat(o.GcpKms.Select(GcpKmsCli.Key)).Concat(o.HcVault.Select(HcVaultCli.Key))
            .Concat(o.AzureKv.Select(Keys.AzureKeyVaultCli.Key)).ToImmutableArray();
        var groups = AwsKmsCli.ApplyContext(!flagKeys.IsEmpty ? [flagKeys] : rule?.KeyGroups ?? [], o.EncryptionContext);
        if (groups.IsEmpty)
        {
            throw new SopsException(SopsError.Generic,
                $"no master keys to encrypt for: give --age (or SOPS_AGE_RECIPIENTS), or add a creation rule matching this file to {config}");
        }

        var selection = o.Rules.FirstOrDefault() ?? rule?.Rule ?? SelectionRule.Default;
        try
        {
            selection.Validate();
        }
        catch (ArgumentException e)
        {
            throw new SopsException(SopsError.Generic, e.Message);
        }

        return new EncryptionSettings(groups)
        {
            Rule = selection,
            MacOnlyEncrypted = o.MacOnlyEncrypted || (rule?.MacOnlyEncrypted ?? false),
            ShamirThreshold = o.ShamirThreshold ?? rule?.ShamirThreshold ?? 0,
        };
    }
}
