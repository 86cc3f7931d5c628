using System.CommandLine;
using System.Text;
using SopsNet.Cli.Output;
using SopsNet.Documents;
using SopsNet.Keys;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet recipients [-r] PATH…</c>: which keys can open which files, from the metadata alone (no key
/// needed): one line per file, then one line per key with the number of files it opens — what a team
/// checks before removing someone.
/// </summary>
internal sealed class RecipientsCommand
{
    private static readonly Argument<string[]> PathsArgument = new("path") { Arity = ArgumentArity.OneOrMore, Description = "encrypted file(s); directories with -r" };
    private static readonly Option<bool> Recursive = new("--recursive", "-r") { Description = "every file a creation rule matches below the given directories" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("recipients", "list which keys can open which files");
        command.Arguments.Add(PathsArgument);
        command.Options.Add(Recursive);
        command.Options.Add(InputType);
        command.SetAction((result, _) => Task.FromResult(Run(result.GetValue(PathsArgument) ?? [], result.GetValue(Recursive), result.GetValue(GlobalOptions.Config), ctx, result.GetValue(InputType))));
        return command;
    }

    /// <param name="inputType">--input-type for every file; without it each file's name or content says.</param>
    public static int Run(IReadOnlyList<string> paths, bool recursive, string? configPath, CliContext ctx, string? inputType = null)
    {
        var reporter = new Reporter(ctx.StandardError);
        try
        {
            var config = Settings.LoadConfig(ctx, configPath, null);
            var output = new StringBuilder();
            var perKey = new SortedDictionary<string, int>(StringComparer.Ordinal);
            var exit = 0;
            foreach (var file in FileSet.Expand(ctx, paths, recursive, config))
            {
                try
                {
                    var job = FileJob.Open(ctx, new FileOptions(file) { ConfigPath = configPath, InputType = inputType }, encrypted: true);
                    var metadata = SopsDocument.ReadMetadata(SopsDocument.Parse(job.InStore, job.Input.Content, SopsError.Generic));
                    if (metadata is null)
                    {
                        output.Append(file).Append(": not encrypted\n");
                        continue;
                    }

                    var groups = metadata.KeyGroups.Select(g => string.Join(", ", g.Select(k => $"{k.Type} {KeyIdentity.Display(k)}")));
                    output.Append(file).Append(": ").Append(string.Join(" | ", groups)).Append('\n');
                    foreach (var key in metadata.KeyGroups.SelectMany(g => g).Select(k => $"{k.Type} {KeyIdentity.Display(k)}").Distinct())
                    {
                        perKey[key] = perKey.GetValueOrDefault(key) + 1;
                    }
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    exit = reporter.Fail(e, file);
                }
            }

            foreach (var (key, count) in perKey)
            {
                output.Append(key).Append(": opens ").Append(count).Append(count == 1 ? " file\n" : " files\n");
            }

            ctx.StandardOutput.Write(Encoding.UTF8.GetBytes(output.ToString()));
            ctx.StandardOutput.Flush();
            return exit;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, null);
        }
    }
}
