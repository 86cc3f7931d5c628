using System.CommandLine;
using SopsNet.Cli.Commands;
using SopsNet.Files.Config;
using SopsNet.Values;

namespace SopsNet.Cli;

/// <summary>
/// sops's key service flags: whether this machine's keys are used (--enable-local-keyservice, on by
/// default) and which remote sops key services are asked too (--keyservice). Remote key services are
/// not implemented yet; they are accepted so sops command lines run, and named when they would matter.
/// </summary>
internal sealed record KeyServiceSettings(bool Local, IReadOnlyList<string> Remote)
{
    public static KeyServiceSettings LocalOnly { get; } = new(true, []);

    public bool IsDefault => Local && Remote.Count == 0;

    /// <summary>The flags, else SOPS_ENABLE_LOCAL_KEYSERVICE and SOPS_KEYSERVICE (comma-separated), as urfave/cli reads them.</summary>
    public static KeyServiceSettings From(ParseResult result, CliContext ctx)
    {
        var local = result.GetValue(GlobalOptions.EnableLocalKeyService)
            ?? (ctx.Env("SOPS_ENABLE_LOCAL_KEYSERVICE") is { } env && GoFormat.TryParseBool(env, out var b) ? b : true);
        var remote = result.GetValue(GlobalOptions.KeyService) is { Length: > 0 } flags
            ? flags.SelectMany(KeySpecs.SplitList).ToList()
            : KeySpecs.SplitList(ctx.Env("SOPS_KEYSERVICE")).ToList();
        return local && remote.Count == 0 ? LocalOnly : new KeyServiceSettings(local, remote);
    }
}
