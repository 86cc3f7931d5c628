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

    /// <summary>
    /// The subcommands in the order --help lists them. A run builds only the one it calls (see
    /// <see cref="MainAction"/>): each command's options and their static set-up cost start-up time that
    /// every other command would pay for nothing.
    /// </summary>
    private static readonly (string Name, Func<CliContext, Command> Create)[] Commands =
    [
        ("completion", CompletionCommand.Create),
        ("encrypt", EncryptCommand.Create),
        ("decrypt", DecryptCommand.Create),
        ("filestatus", FileStatusCommand.Create),
        ("edit", EditCommand.Create),
        ("set", SetCommand.Create),
        ("unset", UnsetCommand.Create),
        ("rotate", RotateCommand.Create),
        ("updatekeys", UpdateKeysCommand.Create),
        ("recipients", RecipientsCommand.Create),
        ("exec-env", ExecEnvCommand.Create),
        ("exec-file", ExecFileCommand.Create),
        ("git", GitCommand.Create),
        ("merge", MergeCommand.Create),
        ("check", CheckCommand.Create),
        ("groups", GroupsCommand.Create),
        ("keygen", KeygenCommand.Create),
        ("init", InitCommand.Create),
    ];

    public static IEnumerable<string> CommandNames => Commands.Select(c => c.Name);

    public static bool IsCommand(string name) => Commands.Any(c => c.Name == name);

    /// <summary>The whole tree: for --help, completion and any call that names no subcommand.</summary>
    public static RootCommand Build(CliContext ctx) => Root(CommandNames.Select(name => Create(name, ctx)));

    /// <summary>The subcommand <paramref name="name"/>, set up as in the whole tree.</summary>
    public static Command Create(string name, CliContext ctx)
    {
        var command = Commands.First(c => c.Name == name).Create(ctx);
        GlobalOptions.AddTo(command);
        HelpExamples.AddTo(command);
        return command;
    }

    /// <summary>The root command with <paramref name="subcommands"/> (all of them, or the one a run calls).</summary>
    public static RootCommand Root(IEnumerable<Command> subcommands)
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
        foreach (var command in subcommands)
        {
            root.Subcommands.Add(command);
        }

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

        var invocation = MainAction.Prepare(args, ctx);
        if (invocation.Args is not { } arguments)
        {
            return invocation.ExitCode;
        }

        var root = invocation.Command is { } command ? Root([command]) : Build(ctx);
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
            // The commands took the context when they were built: build again with the settings in it.
            root = invocation.Command is { } called ? Root([Create(called.Name, ctx)]) : Build(ctx);
            result = root.Parse(arguments, Parsing);
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
