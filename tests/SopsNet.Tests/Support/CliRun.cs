using System.Text;
using SopsNet.Cli;

namespace SopsNet.Tests.Support;

/// <summary>
/// Runs the real sopsnet command tree in process, with its own streams, working directory and a
/// hermetic environment (only the variables given; HOME points at an empty directory so no real key
/// or config of the machine is read).
/// </summary>
public sealed record CliRun(int ExitCode, byte[] StdoutBytes, string Stderr)
{
    public string Stdout => Encoding.UTF8.GetString(StdoutBytes);

    public static async Task<CliRun> RunAsync(string cwd, IReadOnlyDictionary<string, string>? env, byte[]? stdin, params string[] args)
    {
        var home = Path.Combine(cwd, ".test-home");
        var variables = new Dictionary<string, string> { ["HOME"] = home };
        foreach (var (k, v) in env ?? new Dictionary<string, string>())
        {
            variables[k] = v;
        }

        using var stdout = new MemoryStream();
        using var stderr = new StringWriter();
        var ctx = new CliContext(new MemoryStream(stdin ?? []), stdout, stderr, name => variables.GetValueOrDefault(name), cwd);
        var code = await SopsCli.RunAsync(args, ctx);
        return new CliRun(code, stdout.ToArray(), stderr.ToString());
    }

    public static Task<CliRun> RunAsync(string cwd, IReadOnlyDictionary<string, string>? env, params string[] args) =>
        RunAsync(cwd, env, null, args);

    public override string ToString() => $"exit {ExitCode}; stderr: {Stderr}";
}
