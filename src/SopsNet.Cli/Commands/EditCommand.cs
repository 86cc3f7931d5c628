using System.CommandLine;
using SopsNet.Cli.IO;
using SopsNet.Cli.Output;
using SopsNet.Documents;
using SopsNet.Engine;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet edit FILE</c> (and sops's plain <c>sops FILE</c>): opens a decrypted copy in the editor and
/// re-encrypts what was saved. The copy lives in a private, RAM-backed temp directory and is removed however
/// the command ends. Unchanged values keep their ciphertext; an unchanged file is left byte-identical (exit
/// 200, as sops); content that does not parse sends the user back to the editor instead of losing the edit.
/// A missing file is created from sops's example, for the keys of the flags or the creation rule.
/// </summary>
internal sealed class EditCommand
{
    public sealed record Options(EncryptCommand.Options NewFile)
    {
        public FileOptions Files => NewFile.Files;

        public bool IgnoreMac { get; init; }

        public string? DecryptionOrder => NewFile.DecryptionOrder;

        public bool ShowMasterKeys { get; init; }
    }

    /// <summary>A scripted editor that keeps writing invalid content must not loop for ever.</summary>
    private const int MaxAttempts = 10;

    private static readonly Argument<string[]> FileArgument = new("file") { Arity = ArgumentArity.ZeroOrMore, Description = "the encrypted file to edit (created from an example if missing)" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> OutputType = SharedOptions.OutputType();
    private static readonly Option<bool> ShowMasterKeys = new("--show-master-keys", "-s") { Description = "show the sops metadata (keys) in the editor too; changes to it are not applied" };

    public static Command Create(CliContext ctx)
    {
        var command = new Command("edit", "edit an encrypted file in your editor");
        command.Arguments.Add(FileArgument);
        foreach (var option in new Option[] { InputType, OutputType, ShowMasterKeys })
        {
            command.Options.Add(option);
        }

        NewFileOptions.AddTo(command);
        command.SetAction((result, ct) =>
        {
            var files = new FileOptions(SharedOptions.FirstFile(result.GetValue(FileArgument), ctx))
            {
                InPlace = true,
                InputType = result.GetValue(InputType),
                OutputType = result.GetValue(OutputType),
                ConfigPath = result.GetValue(GlobalOptions.Config),
                Indent = result.GetValue(GlobalOptions.Indent),
            };
            return RunAsync(new Options(NewFileOptions.Read(result, ctx, files))
            {
                IgnoreMac = result.GetValue(GlobalOptions.IgnoreMac),
                ShowMasterKeys = result.GetValue(ShowMasterKeys),
            }, ctx, ct);
        });
        return command;
    }

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            if (o.Files.File is not { } file)
            {
                throw new SopsException(SopsError.NoFileSpecified, "no file specified"); // cmd/sops/main.go:1375
            }

            if (o.Files.OutputType is { } output && output != (o.Files.InputType ?? FileFormats.FromName(file)))
            {
                throw new SopsException(SopsError.ConflictingParameters, "edit writes the file back in its own format; --output-type cannot change it (use decrypt and encrypt)");
            }

            var editor = Editor.Command(ctx);
            return File.Exists(ctx.FullPath(file))
                ? await EditExistingAsync(o, ctx, editor, reporter, ct).ConfigureAwait(false)
                : await CreateAsync(o, ctx, editor, reporter, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, o.Files.File);
        }
    }

    private static async Task<int> EditExistingAsync(Options o, CliContext ctx, IReadOnlyList<string> editor, Reporter reporter, CancellationToken ct)
    {
        var session = await EncryptedFileSession.OpenAsync(ctx, o.Files, o.IgnoreMac, o.DecryptionOrder, ct).ConfigureAwait(false);
        var metadata = o.ShowMasterKeys ? session.Encrypted.Metadata : null;
        var plaintext = session.Document.ForEditing(withMetadata: o.ShowMasterKeys);
        var edited = Edit(ctx, editor, reporter, session.Job.InStore, o.Files.File!, plaintext, metadata)
            ?? throw new SopsException(SopsError.FileHasNotBeenModified, "the file has not been modified");
        session.SaveEdited(ctx, edited);
        return 0;
    }

    private static async Task<int> CreateAsync(Options o, CliContext ctx, IReadOnlyList<string> editor, Reporter reporter, CancellationToken ct)
    {
        // The new file is the job's --output, so it is written (and read back) like every other result.
        var job = FileJob.Open(ctx, o.Files with { File = null, FilenameOverride = o.Files.File, InPlace = false, Output = o.Files.File }, readInput: false);
        var settings = EncryptCommand.Resolve(o.NewFile, job.Config.RuleFor(job.Input.NameForRules), job.Config.Describe(ctx.CurrentDirectory));
        var example = job.InStore.Write([ExampleFile.For(job.InStore)], null, null);
        var edited = Edit(ctx, editor, reporter, job.InStore, o.Files.File!, example, null)
            ?? throw new SopsException(SopsError.FileHasNotBeenModified, "the new file was not changed from the example; nothing written");
        try
        {
            // The edited text is the layout of the new file, whatever --indent says.
            var plain = PlainDocument.FromParsed(job.InStore, [], edited, new OutputLayout(job.InStore));
            job.WriteEncrypted(ctx, await plain.EncryptAsync(settings, KeyProviders.CreateKeyRing(ctx, null), ctx.Clock, ct).ConfigureAwait(false));
        }
        catch (SopsException e) when (e.Error == SopsError.Generic)
        {
            // A key that cannot wrap the data key: sops's edit of a new file exits 128 (cmd/sops/edit.go
            // editExample), where encrypt and rotate exit 1.
            throw new SopsException(SopsError.CouldNotRetrieveKey, e.Message);
        }

        job.WarnIfSopsCannotRead(reporter);
        return 0;
    }

    /// <summary>
    /// Runs the editor on a private copy until it holds content the store can parse; returns null when the
    /// user saved nothing different. With <paramref name="shownMetadata"/> (--show-master-keys) the copy has
    /// the sops block too; it is read back as it was, since changing keys needs a new data key (rotate).
    /// </summary>
    private static StoreDocument? Edit(CliContext ctx, IReadOnlyList<string> editor, Reporter reporter, IStore store, string file, byte[] plaintext, Mapping? shownMetadata)
    {
        using var copy = new PlaintextTempFile(Path.GetFileName(file), plaintext);
        reporter.Note($"editing a decrypted copy at {copy.Path}{(copy.InMemory ? " (in memory)" : "")}; it is removed when you are done");
        for (var attempt = 1; ; attempt++)
        {
            var code = Editor.Run(editor, copy.Path);
            if (code != 0)
            {
                // cmd/sops/edit.go runEditorUntilOk: any editor failure is "could not run editor", exit 201.
                throw new SopsException(SopsError.NoEditorFound, $"the editor exited with code {code}; the file was left unchanged");
            }

            var content = File.ReadAllBytes(copy.Path);
            if (content.AsSpan().SequenceEqual(plaintext))
            {
                return null;
            }

            try
            {
                var parsed = store.Parse(content);
                if (shownMetadata is not null)
                {
                    if (parsed.Metadata is null || !TreeEquality.Equal(parsed.Metadata, shownMetadata))
                    {
                        reporter.Warning($"{file}: changes to the sops metadata are not applied; use rotate, updatekeys or groups to change keys");
                    }
                }
                else if (parsed.Metadata is not null)
                {
                    throw new StoreException("the edited content has a top-level sops key; remove it");
                }

                if (store is SopsNet.Stores.Yaml.YamlStore && YamlDocuments.IsEmptyStream(content))
                {
                    // sops re-opens the editor on a file it cannot encrypt (edit.go validateFileForEncryption).
                    throw new StoreException("the file cannot be completely empty: it must hold at least one document");
                }

                reporter.StoreWarnings(file, parsed.Warnings);
                return parsed with { Metadata = null };
            }
            catch (StoreException e) when (attempt < MaxAttempts)
            {
                var where = e.Line > 0 ? $":{e.Line}:{e.Column}" : "";
                reporter.Error($"{file}{where}: {e.Message}");
                reporter.Note("the edit is kept; re-opening the editor to fix it (Ctrl-C to give up)");
                if (!Console.IsInputRedirected)
                {
                    reporter.Note("press Enter to return to the editor");
                    Console.ReadLine();
                }
            }
            catch (StoreException e)
            {
                throw e.WithError(SopsError.CouldNotReadInputFile);
            }
        }
    }
}
