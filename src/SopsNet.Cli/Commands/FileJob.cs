using System.Collections.Immutable;
using SopsNet.Cli.Config;
using SopsNet.Cli.IO;
using SopsNet.Cli.Output;
using SopsNet.Engine;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary>
/// One file being processed: its content, the .sops.yaml in force and the stores that read and write it.
/// Opening it checks the output flags first, so a usage error never reads anything. Every result a command
/// writes goes through <see cref="WriteEncrypted(CliContext, byte[], ImmutableArray{Mapping}, SopsMetadata, byte[])"/>,
/// <see cref="WriteDecrypted"/> or <see cref="WriteExtracted"/>, which check the bytes before they replace
/// anything (see <see cref="OutputVerifier"/>).
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

    /// <summary>
    /// Writes <paramref name="encrypted"/> (the encryption of <paramref name="plaintext"/> under
    /// <paramref name="dataKey"/>) with its metadata in the output format, spliced into
    /// <paramref name="original"/> when given.
    /// </summary>
    public void WriteEncrypted(CliContext ctx, ImmutableArray<Mapping> plaintext, ImmutableArray<Mapping> encrypted, SopsMetadata metadata, byte[] dataKey, StoreDocument? original) =>
        WriteEncrypted(ctx, OutStore.Write(encrypted, MetadataCodec.Write(metadata), original), plaintext, metadata, dataKey);

    /// <summary>Writes an encrypted file's bytes once they read back as <paramref name="plaintext"/> with <paramref name="metadata"/>.</summary>
    public void WriteEncrypted(CliContext ctx, byte[] content, ImmutableArray<Mapping> plaintext, SopsMetadata metadata, byte[] dataKey)
    {
        OutputVerifier.VerifyEncrypted(OutStore, content, plaintext, metadata, dataKey, IsConversion);
        Write(ctx, content);
    }

    /// <summary>
    /// Writes the decrypted documents in the output format. Written to a file (<c>-i</c>, <c>--output</c>),
    /// they must read back as themselves without metadata first, since <c>-i</c> replaces the encrypted file;
    /// standard output replaces nothing and is not checked.
    /// </summary>
    public void WriteDecrypted(CliContext ctx, ImmutableArray<Mapping> plaintext, StoreDocument? original)
    {
        var content = OutStore.Write(plaintext, null, original);
        if (Options.InPlace || Options.Output is not null)
        {
            OutputVerifier.VerifyDecrypted(OutStore, content, plaintext, IsConversion);
        }

        Write(ctx, content, NewFileMode.OwnerOnly);
    }

    /// <summary>An extracted value (<c>decrypt --extract</c>): raw text or a subtree, not a file of the store that could be read back.</summary>
    public void WriteExtracted(CliContext ctx, byte[] content) => Write(ctx, content, NewFileMode.OwnerOnly);

    /// <summary>Converting between formats loses what the target cannot hold (comments, value types); the check allows for it.</summary>
    private bool IsConversion => !ReferenceEquals(InStore, OutStore);

    /// <param name="newFileMode">For a file that does not exist yet: <see cref="NewFileMode.OwnerOnly"/> for plaintext.</param>
    private void Write(CliContext ctx, byte[] content, NewFileMode newFileMode = NewFileMode.Default) =>
        OutputTarget.Write(ctx, content, Options.InPlace, Options.Output, Input, newFileMode);
}
