using SopsNet.Files.Config;
using SopsNet.Cli.IO;
using SopsNet.Cli.Output;
using SopsNet.Documents;
using SopsNet.Engine;
using SopsNet.Keys;
using SopsNet.Stores;
using SopsNet.Stores.Toml;

namespace SopsNet.Cli.Commands;

/// <summary>
/// One file being processed: its content, the .sops.yaml in force and the stores that read and write it.
/// Opening it checks the output flags first, so a usage error never reads anything. What is read and written
/// is worked out by the file layer (<see cref="SopsDocument"/>, <see cref="PlainDocument"/>), which checks
/// every result before it comes back here (see <see cref="OutputVerifier"/>); this only moves bytes.
/// </summary>
internal sealed record FileJob(FileOptions Options, InputFile Input, SopsConfig Config, IStore InStore, IStore OutStore)
{
    /// <summary>The output format's name (yaml, json, ...).</summary>
    public string OutputType { get; init; } = "";

    /// <summary>
    /// How results are written: the output store, spliced into the original text when the formats match. An
    /// explicit indent (--indent, or the output format's stores.*.indent in .sops.yaml) asks for sops's layout
    /// instead: sops always lays its output out afresh with that indent.
    /// </summary>
    public OutputLayout Layout => new(OutStore) { KeepLayout = Options.Indent is null && !Config.SetsIndent(OutputType) };

    /// <summary>
    /// A decrypted result is checked (it must read back as itself without metadata) when it goes to a file:
    /// <c>-i</c> replaces the encrypted file; standard output replaces nothing.
    /// </summary>
    public bool VerifiesDecrypted => Options.InPlace || Options.Output is not null;

    /// <param name="readInput">False for a file that does not exist yet (edit creating it).</param>
    /// <param name="encrypted">The input is an encrypted file: without --input-type its content may decide its format (see <see cref="EncryptedFormat"/>).</param>
    public static FileJob Open(CliContext ctx, FileOptions o, bool readInput = true, bool encrypted = false)
    {
        OutputTarget.Check(o.InPlace, o.Output, null);
        var input = readInput
            ? InputFile.Read(ctx, o.File, o.FilenameOverride, forUpdate: o.InPlace)
            : new InputFile(null, o.FilenameOverride ?? "(new file)", ctx.FullPath(o.FilenameOverride ?? "new"), []);
        if (readInput)
        {
            OutputTarget.Check(o.InPlace, o.Output, input);
        }

        var config = Settings.LoadConfig(ctx, o.ConfigPath, o.Indent);
        var named = FileFormats.FromName(input.NameForRules);
        var inputType = o.InputType ?? (encrypted ? EncryptedFormat.Detect(named, input.Content) : FileFormats.ForPlaintext(named, config.TomlAsBinary));
        return Create(o, input, config, inputType);
    }

    private const long ReadWholeBelow = 1 << 20;

    /// <summary>
    /// Memory: an encrypted YAML or JSON file to decrypt to standard output, not read yet, so that
    /// <see cref="TryDecryptTextAsync"/> can read it piece by piece. Null for standard input, a file written
    /// (-i, --output) or one whose format only its content tells: <see cref="Open"/> reads those whole.
    /// </summary>
    public static FileJob? OpenUnread(CliContext ctx, FileOptions o)
    {
        // Start-up: a small file is read whole, as reading it twice (its end, then its start) costs more
        // than holding it.
        if (o.File is null || o.InPlace || o.Output is not null || !IsLarge(ctx.FullPath(o.File)))
        {
            return null;
        }

        var input = InputFile.Unread(ctx, o.File, o.FilenameOverride);
        var inputType = o.InputType ?? FileFormats.FromName(input.NameForRules);
        return inputType is "yaml" or "json" ? Create(o, input, Settings.LoadConfig(ctx, o.ConfigPath, o.Indent), inputType) : null;
    }

    /// <summary>Anything that cannot be measured is read whole, which reports what is wrong with it.</summary>
    private static bool IsLarge(string path)
    {
        try
        {
            return new FileInfo(path).Length >= ReadWholeBelow;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static FileJob Create(FileOptions o, InputFile input, SopsConfig config, string inputType)
    {
        // As in sops, the output format follows the input unless --output-type says otherwise (the
        // --output file name plays no part).
        var outputType = o.OutputType ?? inputType;
        var inStore = FileFormats.Create(inputType, config.Indents);
        var outStore = outputType == inputType ? inStore : FileFormats.Create(outputType, config.Indents);
        return new FileJob(o, input, config, inStore, outStore) { OutputType = outputType };
    }

    /// <summary>Decrypts the input with the keys of this run.</summary>
    public Task<SopsDocument> OpenAsync(CliContext ctx, bool ignoreMac, string? decryptionOrder, CancellationToken ct) =>
        OpenAsync(ctx, KeyProviders.CreateKeyRing(ctx, decryptionOrder), ignoreMac, ct);

    /// <summary>Decrypts the input with <paramref name="keys"/>.</summary>
    public Task<SopsDocument> OpenAsync(CliContext ctx, KeyRing keys, bool ignoreMac, CancellationToken ct) =>
        SopsDocument.OpenAsync(InStore, Input.Content, keys, Layout, ignoreMac, ctx.Clock, ct);

    /// <summary>
    /// The decrypted file for printing, read piece by piece when its shape allows (see
    /// <see cref="SopsDocument.TryDecryptTextAsync"/>); null when it must be opened whole. Only the plain
    /// case qualifies: same format out as in, the file's own layout, and no file replaced (a written result
    /// is read back, which needs the whole tree).
    /// </summary>
    public async Task<DecryptedText?> TryDecryptTextAsync(KeyRing keys, bool ignoreMac, CancellationToken ct)
    {
        if (!ReferenceEquals(InStore, OutStore) || !Layout.KeepLayout || VerifiesDecrypted)
        {
            return null;
        }

        if (Input.IsRead)
        {
            return await SopsDocument.TryDecryptTextAsync(InStore, Input.Content, keys, ignoreMac, ct).ConfigureAwait(false);
        }

        try
        {
            // Only a regular file can be read twice: a named pipe opened here and closed unread would lose
            // its writer's data (and a second open would wait for a writer that is gone). Off Linux, where
            // we cannot tell cheaply, the file is read whole.
            if (!LinuxNative.Available || LinuxNative.Stat(Input.Path!) is not { IsRegular: true })
            {
                return null;
            }

            // Memory: no buffer of the stream's own; the reading asks for whole windows.
            using var file = new FileStream(Input.Path!, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0);
            return await SopsDocument.TryDecryptTextAsync(InStore, file, keys, ignoreMac, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null; // reading it whole reports what is wrong
        }
    }

    private const int EntriesFrom = 64 * 1024;

    /// <summary>
    /// Memory: a YAML or JSON plaintext to encrypt one top-level entry at a time, its output written as it is checked
    /// (see <see cref="PlainEntries"/>); null when it is read whole (<see cref="ParsePlain"/>). A small file is
    /// always read whole: its trees cost less than the process itself, and a refusal of its output then
    /// leaves standard output empty.
    /// </summary>
    public PlainEntries? TryParseEntries(WarningTally warnings) =>
        Input.Content.Length >= EntriesFrom ? PlainEntries.TryParse(InStore, Input.Content, Layout, warnings.Add) : null;

    /// <summary>Reads the input as a plaintext to encrypt (sops's checks included).</summary>
    public PlainDocument ParsePlain() => PlainDocument.Parse(InStore, Input.Content, Layout);

    /// <summary>
    /// Encrypting a <c>.toml</c> value by value makes a file sops cannot read (sops stores <c>.toml</c> as
    /// binary); said once the file is written, when the name chose TOML rather than --input-type.
    /// </summary>
    public void WarnIfSopsCannotRead(Reporter reporter)
    {
        ArgumentNullException.ThrowIfNull(reporter);
        if (InStore is TomlStore && Options.InputType is null)
        {
            reporter.Warning($"{Input.DisplayName}: encrypted as sopsnet's value-level toml, which sops cannot read (sops stores .toml files whole, as binary); for a file sops can decrypt use --input-type binary, or set stores.toml.binary: true in .sops.yaml");
        }
    }

    /// <summary>Writes an encrypted result; the file layer has already read it back (see <see cref="OutputVerifier"/>).</summary>
    public void WriteEncrypted(CliContext ctx, byte[] content) => Write(ctx, content);

    /// <summary>Writes an encrypted result as <paramref name="produce"/> makes and checks it (see <see cref="PlainEntries"/>).</summary>
    public void WriteEncrypted(CliContext ctx, Action<Stream> produce) =>
        OutputTarget.Write(ctx, produce, Options.InPlace, Options.Output, Input, NewFileMode.Default);

    /// <summary>
    /// Prints a text from <see cref="TryDecryptTextAsync"/>, which reads only files decrypted to standard
    /// output (see <see cref="VerifiesDecrypted"/>).
    /// </summary>
    public static void PrintDecrypted(CliContext ctx, DecryptedText text) => OutputTarget.Print(ctx, text.Content.Span);

    /// <summary>Writes a decrypted result, owner-only when it creates a file.</summary>
    public void WriteDecrypted(CliContext ctx, byte[] content) => Write(ctx, content, NewFileMode.OwnerOnly);

    /// <summary>An extracted value (<c>decrypt --extract</c>): raw text or a subtree, not a file of the store that could be read back.</summary>
    public void WriteExtracted(CliContext ctx, byte[] content) => Write(ctx, content, NewFileMode.OwnerOnly);

    /// <param name="newFileMode">For a file that does not exist yet: <see cref="NewFileMode.OwnerOnly"/> for plaintext.</param>
    private void Write(CliContext ctx, byte[] content, NewFileMode newFileMode = NewFileMode.Default) =>
        OutputTarget.Write(ctx, content, Options.InPlace, Options.Output, Input, newFileMode);
}
