using System.CommandLine;
using System.Text;
using SopsNet.Cli.Output;
using SopsNet.Documents;
using SopsNet.Stores;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet filestatus FILE</c>: prints <c>{"encrypted":true}</c> or <c>false</c>, exactly as sops does
/// (true = metadata present with a non-empty version and mac). No key is needed.
/// </summary>
internal sealed class FileStatusCommand
{
    public sealed record Options(string File)
    {
        public string? InputType { get; init; }
    }

    private static readonly Argument<string[]> FileArgument = new("file") { Arity = ArgumentArity.ZeroOrMore, Description = "the file to inspect" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("filestatus", "tell whether a file is encrypted");
        command.Arguments.Add(FileArgument);
        command.Options.Add(InputType);
        command.SetAction((result, ct) => Task.FromResult(result.GetValue(FileArgument) is [var file, ..]
            ? Run(new Options(file) { InputType = result.GetValue(InputType) }, ctx)
            : new Reporter(ctx.StandardError).Fail(new SopsException(SopsError.NoFileSpecified, "no file specified"), null))); // cmd/sops/main.go:525
        return command;
    }

    public static int Run(Options o, CliContext ctx)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            if (!File.Exists(ctx.FullPath(o.File)))
            {
                // sops wraps the read error ("cannot check file status"), which loses its exit code: 1.
                throw new SopsException(SopsError.Generic, "cannot check the file status: no such file");
            }

            var input = InputFile.Read(ctx, o.File, null);
            var store = FileFormats.Create(o.InputType ?? EncryptedFormat.Detect(FileFormats.FromName(input.NameForRules), input.Content));
            var document = SopsDocument.Parse(store, input.Content, SopsError.CouldNotReadInputFile);

            var encrypted = document.Metadata is { } m && NonEmpty(m, "version") && NonEmpty(m, "mac");
            ctx.StandardOutput.Write(Encoding.UTF8.GetBytes(encrypted ? "{\"encrypted\":true}\n" : "{\"encrypted\":false}\n"));
            ctx.StandardOutput.Flush();
            return 0;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, o.File);
        }
    }

    private static bool NonEmpty(Mapping m, string key) => m[key] is Scalar { Text.Length: > 0 };
}
