using System.CommandLine;
using SopsNet.Cli.Commands;
using SopsNet.Cli.Output;
using SopsNet.Cli.Parsing;

namespace SopsNet.Cli;

/// <summary>The <c>sopsnet</c> command tree: sops's subcommands and flags.</summary>
internal static class SopsCli
{
    /// <summary>
    /// No response files: System.CommandLine would read <c>@name</c> as a file of arguments, where sops
    /// takes it as a file name.
    /// </summary>
    private static readonly ParserConfiguration Parsing = new() { ResponseFileTokenReplacer = null };

    public static RootCommand Build(CliContext ctx)
    {
        var root = new RootCommand(
            "sopsnet: encrypted secrets in structured files, compatible with sops 3.x. sops's top-level form works too: " +
            "sopsnet FILE (edit), -d/-e/-r/-s/--set '<path> <json>' FILE");

        // --version and -v are answered before parsing (MainAction), in the form tools that parse sops's output expect.
        foreach (var version in root.Options.OfType<VersionOption>().ToList())
        {
            root.Options.Remove(version);
        }

        GlobalOptions.AddTo(root);
        root.Subcommands.Add(CompletionCommand.Create(ctx));
        root.Subcommands.Add(EncryptCommand.Create(ctx));
        root.Subcommands.Add(DecryptCommand.Create(ctx));
        root.Subcommands.Add(FileStatusCommand.Create(ctx));
        root.Subcommands.Add(EditCommand.Create(ctx));
        root.Subcommands.Add(SetCommand.Create(ctx));
        root.Subcommands.Add(UnsetCommand.Create(ctx));
        root.Subcommands.Add(RotateCommand.Create(ctx));
        root.Subcommands.Add(UpdateKeysCommand.Create(ctx));
        root.Subcommands.Add(RecipientsCommand.Create(ctx));
        root.Subcommands.Add(ExecEnvCommand.Create(ctx));
        root.Subcommands.Add(ExecFileCommand.Create(ctx));
        root.Subcommands.Add(GitCommand.Create(ctx));
        root.Subcommands.Add(MergeCommand.Create(ctx));
        root.Subcommands.Add(CheckCommand.Create(ctx));
        root.Subcommands.Add(GroupsCommand.Create(ctx));
        root.Subcommands.Add(KeygenCommand.Create(ctx));
        root.Subcommands.Add(InitCommand.Create(ctx));
        HelpExamples.AddTo(root);
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext ctx, CancellationToken cancellationToken = default)
    {
        // Every lock this run takes is released when it ends, whether it wrote, failed or was cancelled.
        using var locks = new IO.TargetLocks();
        ctx = ctx with { Locks = locks };
        if (ColorWriter.Wanted(ctx, args))
        {
            ctx = ctx with { StandardError = new ColorWriter(ctx.StandardError) };
        }

        var root = Build(ctx);
        var invocation = MainAction.Prepare(args, root, ctx);
        if (invocation.Args is not { } arguments)
        {
            return invocation.ExitCode;
        }

        var result = root.Parse(arguments, Parsing);
        if (UsageErrors.Check(result, ctx.StandardError) is { } usage)
        {
            return usage;
        }

        // The key service flags are global and can come anywhere, so they are known only once parsed; the
        // commands read them from their context.
        var services = KeyServiceSettings.From(result, ctx);
        if (!services.IsDefault)
        {
            ctx = ctx with { KeyServices = services };
            result = Build(ctx).Parse(arguments, Parsing);
        }

        var code = await result.InvokeAsync(
            new InvocationConfiguration { Output = new StreamWriter(ctx.StandardOutput) { AutoFlush = true }, Error = ctx.StandardError },
            cancellationToken).ConfigureAwait(false);
        if (code == (int)SopsError.CouldNotRetrieveKey && ctx.KeyServices.Remote.Count > 0)
        {
            new Reporter(ctx.StandardError).Note($"--keyservice {string.Join(", ", ctx.KeyServices.Remote)}: remote key services are not supported yet; only this machine's keys were tried");
        }

        return code;
    }
}
