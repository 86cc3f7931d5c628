using System.CommandLine;
using SopsNet.Cli.Commands;

namespace SopsNet.Cli;

/// <summary>The <c>sopsnet</c> command tree: sops's subcommands and flags.</summary>
public static class SopsCli
{
    public static RootCommand Build(CliContext ctx)
    {
        var root = new RootCommand("sopsnet: encrypted secrets in structured files, compatible with sops 3.x");
        GlobalOptions.AddTo(root);
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
        return root;
    }

    public static async Task<int> RunAsync(string[] args, CliContext ctx, CancellationToken cancellationToken = default)
    {
        // Every lock this run takes is released when it ends, whether it wrote, failed or was cancelled.
        using var locks = new IO.TargetLocks();
        ctx = ctx with { Locks = locks };
        var root = Build(ctx);
        return await root.Parse(LegacyMode.Translate(args, root.Subcommands.Select(c => c.Name))).InvokeAsync(
            new InvocationConfiguration { Output = new StreamWriter(ctx.StandardOutput) { AutoFlush = true }, Error = ctx.StandardError },
            cancellationToken).ConfigureAwait(false);
    }
}
