using System.CommandLine;
using System.Text;
using SopsNet.Cli.Config;
using SopsNet.Cli.IO;
using SopsNet.Cli.Output;
using SopsNet.Engine;
using SopsNet.Stores;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet edit FILE</c>: opens a decrypted copy in the editor and re-encrypts what was saved. The copy
/// lives in a private, RAM-backed temp directory and is removed however the command ends. Unchanged values
/// keep their ciphertext; an unchanged file is left byte-identical (exit 200, as sops); content that does
/// not parse sends the user back to the editor instead of losing the edit. A missing file is created from
/// the creation rules.
/// </summary>
public sealed class EditCommand
{
    public sealed record Options(FileOptions Files)
    {
        public IReadOnlyList<string> Age { get; init; } = [];
        public IReadOnlyList<string> Pgp { get; init; } = [];
        public bool IgnoreMac { get; init; }
        public string? DecryptionOrder { get; init; }
    }

    /// <summary>A scripted editor that keeps writing invalid content must not loop for ever.</summary>
    private const int MaxAttempts = 10;

    private static readonly Argument<string> FileArgument = new("file") { Description = "the encrypted file to edit (created if missing)" };
    private static readonly Option<string?> Age = new("--age", "-a") { Description = "age recipients for a new file (env SOPS_AGE_RECIPIENTS)" };
    private static readonly Option<string?> Pgp = new("--pgp", "-p") { Description = "PGP fingerprints for a new file (env SOPS_PGP_FP)" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> DecryptionOrder = SharedOptions.DecryptionOrder();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("edit", "edit an encrypted file in your editor");
        command.Arguments.Add(FileArgument);
        foreach (var option in new Option[] { Age, Pgp, InputType, DecryptionOrder })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, ct) => RunAsync(new Options(new FileOptions(result.GetValue(FileArgument))
        {
            InPlace = true,
            InputType = result.GetValue(InputType),
            ConfigPath = result.GetValue(GlobalOptions.Config),
            Indent = result.GetValue(GlobalOptions.Indent),
        })
        {
            Age = KeySpecs.SplitList(result.GetValue(Age) ?? ctx.Env("SOPS_AGE_RECIPIENTS")).ToList(),
            Pgp = KeySpecs.SplitList(result.GetValue(Pgp) ?? ctx.Env("SOPS_PGP_FP")).ToList(),
            IgnoreMac = result.GetValue(GlobalOptions.IgnoreMac),
            DecryptionOrder = result.GetValue(DecryptionOrder) ?? ctx.Env("SOPS_DECRYPTION_ORDER"),
        }, ctx, ct));
        return command;
    }

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            var editor = Editor.Command(ctx);
            return File.Exists(ctx.FullPath(o.Files.File!))
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
        var plaintext = session.Job.InStore.Write(session.Plain.Documents, null, session.Job.Original(session.Encrypted));
        var edited = Edit(ctx, editor, reporter, session.Job.InStore, o.Files.File!, plaintext);
        if (edited is null)
        {
            throw new CliException(SopsError.FileHasNotBeenModified, "the file has not been modified");
        }

        session.SaveEdited(ctx, edited);
        return 0;
    }

    private static async Task<int> CreateAsync(Options o, CliContext ctx, IReadOnlyList<string> editor, Reporter reporter, CancellationToken ct)
    {
        // The new file is the job's --output, so it is written like every other result.
        var job = FileJob.Open(ctx, o.Files with { File = null, FilenameOverride = o.Files.File, InPlace = false, Output = o.Files.File }, readInput: false);
        var settings = EncryptCommand.Resolve(
            new EncryptCommand.Options(o.Files) { Age = o.Age, Pgp = o.Pgp },
            job.Config.RuleFor(job.Input.NameForRules));
        var edited = Edit(ctx, editor, reporter, job.InStore, o.Files.File!, Template(job.InStore))
            ?? throw new CliException(SopsError.FileHasNotBeenModified, "the new file was not changed from the example; nothing written");
        var engine = new SopsEngine(KeyProviders.CreateKeyRing(ctx, null), System.Security.Cryptography.RandomNumberGenerator.Fill, ctx.Clock);
        var (fresh, dataKey) = await engine.NewDataKeyAsync(settings, ct).ConfigureAwait(false);
        var (documents, metadata) = engine.Encrypt(edited.Documents, fresh, dataKey, ivStash: null);
        job.WriteEncrypted(ctx, edited.Documents, documents, metadata, dataKey, edited);
        return 0;
    }

    /// <summary>
    /// Runs the editor on a private copy until it holds content the store can parse; returns null when the
    /// user saved nothing different.
    /// </summary>
    private static StoreDocument? Edit(CliContext ctx, IReadOnlyList<string> editor, Reporter reporter, IStore store, string file, byte[] plaintext)
    {
        using var copy = new PlaintextTempFile(Path.GetFileName(file), plaintext);
        reporter.Note($"editing a decrypted copy at {copy.Path}{(copy.InMemory ? " (in memory)" : "")}; it is removed when you are done");
        for (var attempt = 1; ; attempt++)
        {
            var code = Editor.Run(editor, copy.Path);
            if (code != 0)
            {
                throw new CliException(SopsError.Generic, $"the editor exited with code {code}; the file was left unchanged");
            }

            var content = File.ReadAllBytes(copy.Path);
            if (content.AsSpan().SequenceEqual(plaintext))
            {
                return null;
            }

            try
            {
                var parsed = store.Parse(content);
                if (parsed.Metadata is not null)
                {
                    throw new StoreException("the edited content has a top-level sops key; remove it");
                }

                reporter.StoreWarnings(file, parsed.Warnings);
                return parsed;
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
                throw new InputParseException(e, SopsError.CouldNotReadInputFile);
            }
        }
    }

    private static byte[] Template(IStore store) => Encoding.UTF8.GetBytes(store switch
    {
        SopsNet.Stores.Json.JsonStore => "{\n\t\"example_key\": \"example_value\"\n}\n",
        _ => "# a new file: replace this example with your secrets\nexample_key: example_value\n",
    });
}
