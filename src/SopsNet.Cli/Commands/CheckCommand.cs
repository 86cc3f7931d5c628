using SopsNet.Engine;
using System.CommandLine;
using System.Text;
using SopsNet.Files.Config;
using SopsNet.Cli.Git;
using SopsNet.Cli.Output;
using SopsNet.Documents;
using SopsNet.Keys;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Stores.Json;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet check [PATHS…]</c>, the guard against committing secrets in the clear: every file a creation
/// rule of .sops.yaml matches must be encrypted, have a valid mac (checked when a key is at hand), hold no
/// value in clear that its selection rule calls secret, and hold no key the rule does not name (when the
/// rule names keys). A file in which the rule's encrypted_regex (or other selection) selects nothing
/// passes, encrypted or not: it holds no secret. One line per file and problem; exit 1 when any file fails.
/// </summary>
/// <remarks>
/// Without PATHS it checks what git would commit: tracked files and untracked ones that are not ignored
/// (a new plaintext file is the usual accident); outside a repository, the files below the working
/// directory. Rules without a path_regex match every file, so they cannot tell which files are secrets;
/// files matched only by such a rule are skipped.
/// </remarks>
internal sealed class CheckCommand
{
    private static readonly Argument<string[]> PathsArgument = new("path") { Arity = ArgumentArity.ZeroOrMore, Description = "files or directories (default: the files git tracks or would add)" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<bool> Quiet = BatchOptions.Quiet();
    private static readonly Option<bool> Staged = new("--staged") { Description = "check what git would commit: the staged content of staged files, never the work tree (for pre-commit hooks)" };

    public static Command Create(CliContext ctx)
    {
        var command = new Command("check", "fail when a file that .sops.yaml says is secret is not properly encrypted");
        command.Arguments.Add(PathsArgument);
        command.Options.Add(InputType);
        command.Options.Add(Staged);
        command.Options.Add(Quiet);
        command.SetAction((result, ct) => RunAsync(result.GetValue(PathsArgument) ?? [], result.GetValue(GlobalOptions.Config), ctx, ct,
            result.GetValue(InputType), GlobalOptions.DecryptionOrderValue(result, ctx), result.GetValue(Staged), result.GetValue(GlobalOptions.Verbose), result.GetValue(Quiet)));
        return command;
    }

    /// <param name="inputType">--input-type for every file checked; without it each file's name or content says.</param>
    /// <param name="decryptionOrder">--decryption-order, else SOPS_DECRYPTION_ORDER, as every command that decrypts takes it.</param>
    /// <param name="staged">Judge the staged content of the staged files (git's index), not the work tree.</param>
    /// <param name="verbose">Also say why a file passes when its selection rule selects none of its values.</param>
    /// <param name="quiet">Only the failures: no line per passing file, no summary.</param>
    public static async Task<int> RunAsync(IReadOnlyList<string> paths, string? configPath, CliContext ctx, CancellationToken ct, string? inputType, string? decryptionOrder,
        bool staged = false, bool verbose = false, bool quiet = false)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            var config = Settings.LoadConfig(ctx, configPath, null);
            var keys = KeyProviders.CreateKeyRing(ctx, decryptionOrder);
            var output = new StringBuilder();
            var failed = 0;
            var checkedFiles = 0;
            foreach (var (file, read) in staged ? StagedCandidates(ctx, paths) : Candidates(ctx, paths, config).Select(f => (f, (Func<byte[]>)(() => File.ReadAllBytes(ctx.FullPath(f))))))
            {
                if (config.RuleFor(ctx.FullPath(file)) is not { PathRegex: not null } rule || Path.GetFileName(file) == ".sops.yaml")
                {
                    continue;
                }

                checkedFiles++;
                var (problems, note, selectsNothing) = await CheckFile(ctx, keys, file, read(), rule, config, inputType, ct).ConfigureAwait(false);
                if (problems.Count == 0)
                {
                    if (quiet)
                    {
                        continue;
                    }

                    string[] notes = [.. note is null ? [] : new[] { note }, .. verbose && selectsNothing is not null ? new[] { selectsNothing } : []];
                    output.Append(file).Append(": ok").Append(notes.Length == 0 ? "" : $" ({string.Join("; ", notes)})").Append('\n');
                }
                else
                {
                    failed++;
                    foreach (var problem in problems)
                    {
                        reporter.Error($"{file}: {problem}");
                    }
                }
            }

            if (checkedFiles == 0 && !quiet)
            {
                reporter.Note($"check: no file matched a creation rule with a path_regex in {config.Describe(ctx.CurrentDirectory)}");
            }

            ctx.StandardOutput.Write(Encoding.UTF8.GetBytes(output.ToString()));
            ctx.StandardOutput.Flush();
            var summary = $"check: {checkedFiles} file{(checkedFiles == 1 ? "" : "s")}: {checkedFiles - failed} ok, {failed} failed";
            if (failed > 0)
            {
                reporter.Error(summary);
                return 1;
            }

            if (checkedFiles > 1 && !quiet)
            {
                reporter.Note(summary);
            }

            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            reporter.Fail(e, null);
            return 1;
        }
    }

    private static IEnumerable<string> Candidates(CliContext ctx, IReadOnlyList<string> paths, SopsConfig config)
    {
        if (paths.Count > 0)
        {
            return FileSet.Expand(ctx, paths, recursive: true, config);
        }

        if (GitRunner.TopLevel(ctx, ctx.CurrentDirectory) is not null)
        {
            var listed = GitRunner.Run(ctx, ctx.CurrentDirectory, "ls-files", "-z", "--cached", "--others", "--exclude-standard");
            if (!listed.Ok)
            {
                throw new SopsException(SopsError.Generic, $"git ls-files: {listed.Stderr.Trim()}");
            }

            return listed.Stdout.Split('\0', StringSplitOptions.RemoveEmptyEntries).Where(f => File.Exists(ctx.FullPath(f))).Distinct().Order(StringComparer.Ordinal);
        }

        return FileSet.Expand(ctx, ["."], recursive: true, config);
    }

    /// <summary>Staged files, read from git's index; a path given that git does not have staged is an error, not a pass.</summary>
    private static IEnumerable<(string File, Func<byte[]> Read)> StagedCandidates(CliContext ctx, IReadOnlyList<string> paths)
    {
        if (GitRunner.TopLevel(ctx, ctx.CurrentDirectory) is null)
        {
            throw new SopsException(SopsError.Generic, "check --staged: not in a git repository");
        }

        var staged = GitIndex.Staged(ctx, paths);
        foreach (var path in paths)
        {
            var prefix = Path.GetRelativePath(ctx.CurrentDirectory, ctx.FullPath(path)).Replace('\\', '/');
            if (prefix != "." && !staged.Any(e => e.Path == prefix || e.Path.StartsWith(prefix.TrimEnd('/') + "/", StringComparison.Ordinal)))
            {
                throw new SopsException(SopsError.Generic, $"{path}: check --staged: not staged in git");
            }
        }

        return staged.Select(e => (e.Path, (Func<byte[]>)(() => GitIndex.Read(ctx, e))));
    }

    /// <summary>
    /// The reasons the file fails (none when it passes), a note for a pass, and, when its selection rule
    /// selects none of its values, a note saying so (shown at --verbose).
    /// </summary>
    private static async Task<(IReadOnlyList<string> Problems, string? Note, string? SelectsNothing)> CheckFile(CliContext ctx, KeyRing keys, string file, byte[] content, CreationRule rule, SopsConfig config, string? inputType, CancellationToken ct)
    {
        var type = inputType ?? EncryptedFormat.Detect(FileFormats.FromName(file), content);

        // sops's binary format is a JSON document holding the data and the sops block.
        var store = type == "binary" ? new JsonStore(-1) : FileFormats.Create(type, config.Indents);
        StoreDocument document;
        try
        {
            document = store.Parse(content);
        }
        catch (StoreException e)
        {
            // The parser's message may quote the text, which may be a secret: only the place is shown.
            return ([$"not encrypted: not a valid {(type == "binary" ? "sops binary (json)" : type)} file{(e.Line > 0 ? $" (line {e.Line})" : "")}"], null, null);
        }

        if (document.Metadata is null)
        {
            // A rule that names what is secret (encrypted_regex: ^(data|stringData)$) may select nothing in
            // a file it matches (a Kubernetes Service beside the Secrets): such a file has nothing to encrypt.
            // The default rule calls every value secret, so a plaintext file under it always fails.
            if (type != "binary" && rule.Rule is { } selection && SecretValues.Find(document.Documents, selection).Selected == 0)
            {
                return ([], null, SelectsNothing(selection));
            }

            return (["not encrypted: no sops metadata"], null, null);
        }

        SopsMetadata metadata;
        try
        {
            metadata = SopsDocument.ReadMetadata(document)!;
        }
        catch (SopsException e)
        {
            return ([$"invalid sops metadata: {e.Message}"], null, null);
        }

        // A recipient the rule does not name fails the file even when everything else is fine: the key
        // stanzas are not covered by the mac, so this is how an added recipient shows.
        var drift = RecipientDrift.Find(metadata.KeyGroups, rule);
        // A value the file's own rule selects but that is in clear was added or edited by hand after
        // encryption: a secret in the clear (its value is never shown). A rule that selects nothing is fine.
        var secrets = SecretValues.Find(document.Documents, metadata.Rule);
        if (secrets.FirstInClear is { } inClear)
        {
            return ([$"{inClear}: not encrypted, though the {metadata.Rule.MetadataKey} rule '{metadata.Rule.Value}' selects it", .. drift], null, null);
        }

        var selectsNothing = secrets.Selected == 0 ? SelectsNothing(metadata.Rule) : null;
        try
        {
            await SopsDocument.OpenAsync(store, content, keys, clock: ctx.Clock, cancellationToken: ct).ConfigureAwait(false);
            return (drift, null, selectsNothing);
        }
        catch (SopsException e) when (e.Error == SopsError.CouldNotRetrieveKey)
        {
            return (drift, "mac not checked: no key", selectsNothing);
        }
        catch (SopsException e)
        {
            return ([e.Message, .. drift], null, null);
        }
    }

    private static string SelectsNothing(SopsNet.Selection.SelectionRule rule) =>
        $"nothing to encrypt: the {rule.MetadataKey} rule '{rule.Value}' selects none of its values";
}
