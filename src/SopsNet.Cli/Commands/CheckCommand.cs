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
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet check [PATHS…]</c>, the guard against committing secrets in the clear: every file a creation
/// rule of .sops.yaml matches must be encrypted, have a valid mac (checked when a key is at hand), have
/// at least one encrypted value, and hold no key the rule does not name (when the rule names keys). One
/// line per file and problem; exit 1 when any file fails.
/// </summary>
/// <remarks>
/// Without PATHS it checks what git would commit: tracked files and untracked ones that are not ignored
/// (a new plaintext file is the usual accident); outside a repository, the files below the working
/// directory. Rules without a path_regex match every file, so they cannot tell which files are secrets;
/// files matched only by such a rule are skipped.
/// </remarks>
internal sealed class CheckCommand
{
    private const string EncryptedPrefix = "ENC[AES256_GCM,";

    private static readonly Argument<string[]> PathsArgument = new("path") { Arity = ArgumentArity.ZeroOrMore, Description = "files or directories (default: the files git tracks or would add)" };

    public static Command Create(CliContext ctx)
    {
        var command = new Command("check", "fail when a file that .sops.yaml says is secret is not properly encrypted");
        command.Arguments.Add(PathsArgument);
        command.SetAction((result, ct) => RunAsync(result.GetValue(PathsArgument) ?? [], result.GetValue(GlobalOptions.Config), ctx, ct));
        return command;
    }

    public static async Task<int> RunAsync(IReadOnlyList<string> paths, string? configPath, CliContext ctx, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            var config = Settings.LoadConfig(ctx, configPath, null);
            var keys = KeyProviders.CreateKeyRing(ctx, ctx.Env("SOPS_DECRYPTION_ORDER"));
            var output = new StringBuilder();
            var failed = 0;
            var checkedFiles = 0;
            foreach (var file in Candidates(ctx, paths, config))
            {
                if (config.RuleFor(ctx.FullPath(file)) is not { PathRegex: not null } rule || Path.GetFileName(file) == ".sops.yaml")
                {
                    continue;
                }

                checkedFiles++;
                var (problems, note) = await CheckFile(ctx, keys, file, rule, config, ct).ConfigureAwait(false);
                if (problems.Count == 0)
                {
                    output.Append(file).Append(": ok").Append(note is null ? "" : $" ({note})").Append('\n');
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

            if (checkedFiles == 0)
            {
                reporter.Note("check: no file matched a creation rule with a path_regex");
            }

            ctx.StandardOutput.Write(Encoding.UTF8.GetBytes(output.ToString()));
            ctx.StandardOutput.Flush();
            if (failed > 0)
            {
                reporter.Error($"check: {failed} of {checkedFiles} file{(checkedFiles == 1 ? "" : "s")} failed");
                return 1;
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

    /// <summary>The reasons the file fails (none when it passes), and a note for a pass.</summary>
    private static async Task<(IReadOnlyList<string> Problems, string? Note)> CheckFile(CliContext ctx, KeyRing keys, string file, CreationRule rule, SopsConfig config, CancellationToken ct)
    {
        var type = FileFormats.FromName(file);

        // sops's binary format is a JSON document holding the data and the sops block.
        var store = type == "binary" ? new JsonStore(-1) : FileFormats.Create(type, config.Indents);
        var content = await File.ReadAllBytesAsync(ctx.FullPath(file), ct).ConfigureAwait(false);
        StoreDocument document;
        try
        {
            document = store.Parse(content);
        }
        catch (StoreException e)
        {
            // The parser's message may quote the text, which may be a secret: only the place is shown.
            return ([$"not encrypted: not a valid {(type == "binary" ? "sops binary (json)" : type)} file{(e.Line > 0 ? $" (line {e.Line})" : "")}"], null);
        }

        if (document.Metadata is null)
        {
            return (["not encrypted: no sops metadata"], null);
        }

        SopsMetadata metadata;
        try
        {
            metadata = SopsDocument.ReadMetadata(document)!;
        }
        catch (SopsException e)
        {
            return ([$"invalid sops metadata: {e.Message}"], null);
        }

        // A recipient the rule does not name fails the file even when everything else is fine: the key
        // stanzas are not covered by the mac, so this is how an added recipient shows.
        var drift = RecipientDrift.Find(metadata.KeyGroups, rule);
        var (values, encrypted) = Count(document.Documents);
        if (values > 0 && encrypted == 0)
        {
            return ([$"no value is encrypted: the {metadata.Rule.MetadataKey} rule '{metadata.Rule.Value}' matches none of its {values} values", .. drift], null);
        }

        try
        {
            await SopsDocument.OpenAsync(store, content, keys, clock: ctx.Clock, cancellationToken: ct).ConfigureAwait(false);
            return (drift, null);
        }
        catch (SopsException e) when (e.Error == SopsError.CouldNotRetrieveKey)
        {
            return (drift, "mac not checked: no key");
        }
        catch (SopsException e)
        {
            return ([e.Message, .. drift], null);
        }
    }

    /// <summary>Leaf values that carry data, and how many of them are encrypted.</summary>
    private static (int Values, int Encrypted) Count(IEnumerable<Mapping> documents)
    {
        var values = 0;
        var encrypted = 0;
        void Walk(Node node)
        {
            switch (node)
            {
                case Mapping m:
                    foreach (var p in m.Pairs)
                    {
                        Walk(p.Value);
                    }

                    break;
                case Sequence s:
                    foreach (var item in s.Items)
                    {
                        Walk(item);
                    }

                    break;

                // Null and "" are never encrypted by sops, so they do not count either way.
                case Scalar { Kind: not ScalarKind.Null } scalar when scalar.Text.Length > 0:
                    values++;
                    encrypted += scalar.Kind == ScalarKind.String && scalar.Text.StartsWith(EncryptedPrefix, StringComparison.Ordinal) ? 1 : 0;
                    break;
            }
        }

        foreach (var document in documents)
        {
            Walk(document);
        }

        return (values, encrypted);
    }
}
