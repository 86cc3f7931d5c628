using System.Collections.Immutable;
using System.CommandLine;
using System.Text;
using SopsNet.Cli.IO;
using SopsNet.Cli.Output;
using SopsNet.Engine;
using SopsNet.Metadata;
using SopsNet.Stores;
using SopsNet.Stores.Binary;
using SopsNet.Stores.Yaml;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary><c>sopsnet decrypt [FILE]</c>: prints (or writes) the decrypted file, after checking its MAC.</summary>
public sealed class DecryptCommand
{
    public sealed record Options(FileOptions Files)
    {
        public string? Extract { get; init; }
        public bool IgnoreMac { get; init; }
        public string? DecryptionOrder { get; init; }
        public bool Textconv { get; init; }
    }

    private static readonly Argument<string[]> FileArgument = new("file") { Arity = ArgumentArity.ZeroOrMore, Description = "the encrypted file (standard input if absent)" };
    private static readonly Option<bool> InPlace = new("--in-place", "-i") { Description = "write the result over the input file" };
    private static readonly Option<string?> Output = new("--output") { Description = "write the result to this file" };
    private static readonly Option<string?> Extract = new("--extract") { Description = "print only the value at this tree path, e.g. '[\"db\"][\"password\"]'" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();
    private static readonly Option<string?> OutputType = SharedOptions.OutputType();
    private static readonly Option<string?> FilenameOverride = new("--filename-override") { Description = "file name used for format detection" };
    private static readonly Option<bool> Textconv = new("--textconv") { Description = "git diff driver mode: a file that is not encrypted prints unchanged, a failure prints a marker line; exit 0" };

    public static Command Create(CliContext ctx)
    {
        var command = new Command("decrypt", "decrypt a file and print it, checking its mac");
        command.Arguments.Add(FileArgument);
        foreach (var option in new Option[] { InPlace, Output, Extract, InputType, OutputType, FilenameOverride, Textconv })
        {
            command.Options.Add(option);
        }

        command.SetAction((result, ct) => RunAsync(new Options(new FileOptions(SharedOptions.FirstFile(result.GetValue(FileArgument), ctx))
        {
            InPlace = result.GetValue(InPlace),
            Output = result.GetValue(Output),
            InputType = result.GetValue(InputType),
            OutputType = result.GetValue(OutputType),
            FilenameOverride = result.GetValue(FilenameOverride),
            ConfigPath = result.GetValue(GlobalOptions.Config),
            Indent = result.GetValue(GlobalOptions.Indent),
        })
        {
            Extract = result.GetValue(Extract),
            IgnoreMac = result.GetValue(GlobalOptions.IgnoreMac),
            DecryptionOrder = GlobalOptions.DecryptionOrderValue(result, ctx),
            Textconv = result.GetValue(Textconv),
        }, ctx, ct));
        return command;
    }

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        if (o.Textconv)
        {
            return await Git.Textconv.RunAsync(o, ctx, ct).ConfigureAwait(false);
        }

        var reporter = new Reporter(ctx.StandardError);
        FileJob? job = null;
        try
        {
            var extract = o.Extract is null ? null : TreePath.TryParse(o.Extract)
                ?? throw new CliException(SopsError.InvalidTreePathFormat, $"--extract: '{o.Extract}' is not a tree path like [\"key\"][0]");
            SharedOptions.RequireExisting(ctx, o.Files.File);
            job = FileJob.Open(ctx, o.Files, encrypted: true);
            var (encrypted, metadata) = Load(job.InStore, job.Input);
            var engine = new SopsEngine(KeyProviders.CreateKeyRing(ctx, o.DecryptionOrder), System.Security.Cryptography.RandomNumberGenerator.Fill, ctx.Clock);
            var file = await engine.DecryptAsync(encrypted.Documents, metadata, o.IgnoreMac, ct).ConfigureAwait(false);
            foreach (var path in file.UndecryptableComments)
            {
                reporter.Warning($"{job.Input.DisplayName}: {path}: a comment looks encrypted but does not decrypt; it is kept as it is");
            }

            if (extract is null)
            {
                job.WriteDecrypted(ctx, file.Documents, job.Original(encrypted));
            }
            else
            {
                job.WriteExtracted(ctx, Extracted(job.OutStore, file.Documents, extract));
            }

            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, job?.Input.DisplayName ?? o.Files.File);
        }
    }

    /// <summary>Parses an encrypted file; sops reports a parse error of an encrypted input with exit code 1.</summary>
    internal static (StoreDocument Document, SopsMetadata Metadata) Load(IStore store, InputFile input)
    {
        var document = Parse(store, input);
        if (document.Metadata is null)
        {
            throw new CliException(SopsError.Generic, "sops metadata not found: the file is not encrypted");
        }

        return (document, MetadataCodec.Read(document.Metadata));
    }

    internal static StoreDocument Parse(IStore store, InputFile input)
    {
        try
        {
            return store.Parse(input.Content);
        }
        catch (StoreException e)
        {
            throw new InputParseException(e, SopsError.Generic);
        }
    }

    /// <summary>
    /// What sops's extract (cmd/sops/decrypt.go) prints: a mapping as a whole file of the output format, a
    /// string raw (no newline), anything else as the output store's EmitValue spells it.
    /// </summary>
    private static byte[] Extracted(IStore store, ImmutableArray<Mapping> documents, TreePath path)
    {
        Node node = documents[0];
        foreach (var segment in path.Segments)
        {
            // sops's Truncate fails with a plain error (exit 1) for a key or index that is not there. Unlike
            // Truncate, an index counts values only: sops counts a list's comments too and prints one as a struct.
            node = (node, segment) switch
            {
                (Mapping m, string key) when m[key] is { } child => child,
                (Sequence s, int i) when s.Items.Where(x => x is not Comment).ElementAtOrDefault(i) is { } child => child,
                _ => throw new CliException(SopsError.Generic, $"--extract: {path}: no such key or index in the file"),
            };
        }

        return node switch
        {
            // sops puts the mapping in place of the first document and emits the tree: a YAML stream keeps
            // its later documents and a binary output refuses more than one, while the JSON and dotenv stores
            // emit the first document only (so does ours for INI, where sops would merge every document's sections).
            Mapping m => store.Write(store is YamlStore or BinaryStore ? documents.SetItem(0, m) : [m], null, null),
            Scalar { Kind: ScalarKind.String } s => s.Raw ?? Encoding.UTF8.GetBytes(s.Text),
            _ => store.WriteValue(node),
        };
    }
}
