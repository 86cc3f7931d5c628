using SopsNet.Cli.Config;
using SopsNet.Cli.IO;
using SopsNet.Cli.Output;
using SopsNet.Stores;

namespace SopsNet.Cli.Commands;

/// <summary>
/// One file being processed: its content, the .sops.yaml in force and the stores that read and write it.
/// Opening it checks the output flags first, so a usage error never reads anything.
/// </summary>
public sealed record FileJob(FileOptions Options, InputFile Input, SopsConfig Config, IStore InStore, IStore OutStore)
{
    /// <summary>The output format's name (yaml, json, ...).</summary>
    public string OutputType { get; init; } = "";

    /// <summary>
    /// When input and output formats match, the output is spliced into the original text. An explicit
    /// --indent asks for sops's layout instead: sops always lays its output out afresh with that indent.
    /// </summary>
    public StoreDocument? Original(StoreDocument parsed) => ReferenceEquals(InStore, OutStore) && Options.Indent is null ? parsed : null;

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
        var inputType = o.InputType ?? (encrypted ? EncryptedFormat.Detect(named, input.Content) : FileFormats.ForPlaintext(named, config));

        // As in sops, the output format follows the input unless --output-type says otherwise (the
        // --output file name plays no part).
        var outputType = o.OutputType ?? inputType;
        var inStore = FileFormats.Create(inputType, config);
        var outStore = outputType == inputType ? inStore : FileFormats.Create(outputType, config);
        return new FileJob(o, input, config, inStore, outStore) { OutputType = outputType };
    }

    /// <param name="newFileMode">For a file that does not exist yet: <see cref="NewFileMode.OwnerOnly"/> for plaintext.</param>
    public void Write(CliContext ctx, byte[] content, NewFileMode newFileMode = NewFileMode.Default) =>
        OutputTarget.Write(ctx, content, Options.InPlace, Options.Output, Input, newFileMode);
}
