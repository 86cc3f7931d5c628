using System.CommandLine;
using SopsNet.Cli.Exec;
using SopsNet.Cli.Output;
using SopsNet.Tree;

namespace SopsNet.Cli.Commands;

/// <summary>
/// <c>sopsnet exec-env FILE... COMMAND</c>: decrypts the files in memory and runs COMMAND with their values
/// as environment variables; no plaintext is ever written to a file. Returns the command's exit code.
/// </summary>
internal sealed class ExecEnvCommand
{
    public sealed record Options(IReadOnlyList<string> Files, string Command)
    {
        public EnvNaming Naming { get; init; } = new();
        public string? Extract { get; init; }
        public bool Pristine { get; init; }
        public bool Mask { get; init; }
        public string? InputType { get; init; }
        public string? ConfigPath { get; init; }
        public bool IgnoreMac { get; init; }
        public string? DecryptionOrder { get; init; }

        public ExecMode Mode { get; init; } = new(false, false, null);
    }

    // One argument for both: System.CommandLine hands all words to a leading OneOrMore argument, leaving
    // none for a separate command argument. The last word is the command.
    private static readonly Argument<string[]> FilesAndCommand = new("file... command")
    {
        Arity = ArgumentArity.ZeroOrMore,
        Description = "encrypted files (later files win where names repeat), then the command, run with /bin/sh -c as sops does",
    };
    private static readonly Option<bool> Pristine = new("--pristine") { Description = "give the command only the decrypted variables, not our environment" };
    private static readonly Option<string> Separator = new("--separator") { Description = "joins the keys of nested values (default __, which .NET configuration reads as Section:Key)", DefaultValueFactory = _ => "__" };
    private static readonly Option<bool> Upper = new("--upper") { Description = "upper-case the variable names" };
    private static readonly Option<string> Prefix = new("--prefix") { Description = "put this before every variable name", DefaultValueFactory = _ => "" };
    private static readonly Option<string?> Extract = new("--extract") { Description = "use only the subtree at this path, e.g. '[\"app\"]'" };
    private static readonly Option<bool> Mask = new("--mask") { Description = "on github actions, print ::add-mask:: for every value that was encrypted (not booleans, not lines under 4 characters) before the command starts" };
    private static readonly Option<string?> InputType = SharedOptions.InputType();

    public static Command Create(CliContext ctx)
    {
        var command = new Command("exec-env", "run a command with the decrypted values as environment variables");
        command.Arguments.Add(FilesAndCommand);
        foreach (var option in new Option[] { Pristine, Separator, Upper, Prefix, Extract, Mask, InputType, ExecMode.BackgroundOption, ExecMode.SameProcessOption, ExecMode.UserOption })
        {
            command.Options.Add(option);
        }

        // A synchronous action on purpose: System.CommandLine's async actions get its own SIGINT/SIGTERM
        // handling, which cancels and then ends the invocation after a timeout while the child still runs.
        // Here the signals go to the child and we wait for its exit code instead.
        command.SetAction(result =>
        {
            var words = result.GetValue(FilesAndCommand) ?? [];
            if (words.Length < 2)
            {
                // cmd/sops/main.go:214
                return new Reporter(ctx.StandardError).Fail(new SopsException(SopsError.Generic, "give the encrypted file and the command to run"), null);
            }

            return RunAsync(new Options(words[..^1], words[^1])
            {
                Naming = new EnvNaming(result.GetValue(Separator) ?? "__", result.GetValue(Upper), result.GetValue(Prefix) ?? ""),
                Extract = result.GetValue(Extract),
                Pristine = result.GetValue(Pristine),
                Mask = result.GetValue(Mask),
                InputType = result.GetValue(InputType),
                ConfigPath = result.GetValue(GlobalOptions.Config),
                IgnoreMac = result.GetValue(GlobalOptions.IgnoreMac),
                DecryptionOrder = GlobalOptions.DecryptionOrderValue(result, ctx),
                Mode = ExecMode.From(result, result.GetValue(ExecMode.SameProcessOption)),
            }, ctx, CancellationToken.None).GetAwaiter().GetResult();
        });
        return command;
    }

    public static async Task<int> RunAsync(Options o, CliContext ctx, CancellationToken ct)
    {
        var reporter = new Reporter(ctx.StandardError);
        string? current = null;
        IReadOnlyList<KeyValuePair<string, string>> variables;
        try
        {
            o.Mode.Check("exec-env", reporter);
            var extract = o.Extract is null ? null : TreePath.TryParse(o.Extract)
                ?? throw new SopsException(SopsError.InvalidTreePathFormat, $"--extract: '{o.Extract}' is not a tree path like [\"key\"][0]");
            var environment = new ExecEnvironment(o.Naming);
            foreach (var file in o.Files)
            {
                current = file;
                var session = await EncryptedFileSession.OpenAsync(ctx, new FileOptions(file) { InputType = o.InputType, ConfigPath = o.ConfigPath }, o.IgnoreMac, o.DecryptionOrder, ct).ConfigureAwait(false);
                ExecEnvFile.CheckFormat(session.Job.InStore, o.InputType);
                ExecEnvFile.AddTo(environment, session, extract, file, reporter);
            }

            current = null;
            variables = environment.Variables;
            var unusable = variables.Select(v => v.Key).Where(n => !ExecEnvironment.IsShellName(n)).ToList();
            if (unusable.Count > 0)
            {
                reporter.Warning($"{string.Join(", ", unusable.Select(n => $"'{n}'"))}: not shell variable names; /bin/sh may drop them before the command starts (--separator _ or --prefix can help)");
            }

            if (o.Mask)
            {
                CiMask.Announce(ctx, reporter, environment.MaskableValues);
            }
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, current);
        }

        try
        {
            variables = [.. o.Mode.SwitchUser(ctx), .. variables];
            if (o.Mode.SameProcess)
            {
                if (!ctx.OwnsProcess)
                {
                    throw new SopsException(SopsError.Generic, "--same-process replaces the whole process, which only the sopsnet executable may do");
                }

                ShellCommand.ExecInPlace(o.Command, variables, o.Pristine, ctx.StandardOutput);
            }

            if (o.Mode.Background)
            {
                using var started = ShellCommand.Start(o.Command, variables, o.Pristine, ctx.CurrentDirectory);
                return 0;
            }

            return await ShellCommand.RunAsync(o.Command, variables, o.Pristine, ctx.CurrentDirectory).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return reporter.Fail(e, null);
        }
    }
}
