using SopsNet.Stores;

namespace SopsNet.Cli.Output;

/// <summary>
/// All user-facing diagnostics go through here, so their rules live in one place: one line each,
/// prefixed "sopsnet: error:" / "sopsnet: warning:", context (file, line, path) first, lower-case, never a
/// stack trace and never a secret value. Also maps every failure to sops's exit code.
/// </summary>
internal sealed class Reporter(TextWriter stderr)
{
    public void Error(string message) => stderr.WriteLine($"sopsnet: error: {OneLine(message)}");

    public void Warning(string message) => stderr.WriteLine($"sopsnet: warning: {OneLine(message)}");

    public void Note(string message) => stderr.WriteLine($"sopsnet: {OneLine(message)}");

    /// <summary>
    /// The same warning is shown for its first few places, then counted in one line: a large file
    /// with one style throughout (say, plain scalars in flow lists) otherwise printed tens of
    /// thousands of identical lines, burying any other message.
    /// </summary>
    public void StoreWarnings(string file, IEnumerable<StoreWarning> warnings)
    {
        var tally = new WarningTally();
        foreach (var warning in warnings)
        {
            tally.Add(warning);
        }

        StoreWarnings(file, tally);
    }

    /// <summary>Warnings already counted (see <see cref="WarningTally"/>).</summary>
    public void StoreWarnings(string file, WarningTally tally)
    {
        foreach (var w in tally.Shown)
        {
            Warning($"{file}:{w.Line}:{w.Column}: {w.Path}: {w.Message}");
        }

        foreach (var (message, more) in tally.NotShown)
        {
            Warning($"{file}: {more} more places: {message}");
        }
    }

    /// <summary>Reports <paramref name="exception"/> and returns the exit code.</summary>
    public int Fail(Exception exception, string? file)
    {
        var prefix = file is null ? "" : file + ": ";
        switch (exception)
        {
            case StoreException { Error: SopsError.ErrorDumpingTree } e:
                // The file layer gives a store's write error (a value the output format cannot hold) sops's
                // ErrorDumpingTree; every other store error is input that does not parse.
                Error($"{prefix}cannot write the output:{(e.TreePath is { } at ? $" {at}:" : "")} {e.Message}");
                return (int)SopsError.ErrorDumpingTree;
            case StoreException e:
                var location = (file ?? "(stdin)") + (e.Line > 0 ? $":{e.Line}:{e.Column}" : "");
                var path = e.TreePath is { } p ? $" {p}:" : "";
                Error($"{location}:{path} {e.Message}");
                return (int)e.Error;
            case SopsException e:
                Error(prefix + e.Message);
                return (int)e.Error;
            case OperationCanceledException:
                Error(prefix + "interrupted");
                return 85;
            default:
                Error($"{prefix}unexpected {exception.GetType().Name}: {exception.Message}");
                return (int)SopsError.Generic;
        }
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ");
}
