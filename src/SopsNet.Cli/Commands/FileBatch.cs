using SopsNet.Cli.Output;

namespace SopsNet.Cli.Commands;

/// <summary>
/// Runs one operation over many files in parallel (they are independent; key services are the slow part),
/// shows progress on a terminal once a run takes longer than a second, prints one line per file in a
/// stable order and a summary line (<see cref="BatchSummary"/>). Failures are always printed, the rest
/// not when quiet. The exit code is that of the first file that failed, or 0.
/// </summary>
internal static class FileBatch
{
    /// <summary>Shorter runs finish before a progress line could help, and it would only flicker.</summary>
    private static readonly TimeSpan ProgressAfter = TimeSpan.FromSeconds(1);

    /// <param name="alreadyUnchanged">Files the caller found nothing to do for before the run (counted in the summary).</param>
    public static async Task<int> RunAsync(CliContext ctx, IReadOnlyList<string> files, Func<string, Task<FileResult>> work, CancellationToken ct, bool quiet = false, int alreadyUnchanged = 0)
    {
        var results = new (int Code, string Line, bool Changed)[files.Count];
        var done = 0;
        var started = ctx.Clock.GetTimestamp();
        var progressShown = false;
        var mayShowProgress = files.Count > 1 && ctx.StandardErrorIsTerminal && !quiet;
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, async (i, token) =>
        {
            using var captured = new StringWriter();
            try
            {
                var result = await work(files[i]).ConfigureAwait(false);
                results[i] = (0, $"{files[i]}: {result.Message}", result.Changed);
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var code = new Reporter(captured).Fail(e, files[i]);
                results[i] = (code, captured.ToString().TrimEnd(), false);
            }

            var n = Interlocked.Increment(ref done);
            if (mayShowProgress)
            {
                lock (results)
                {
                    if (progressShown || ctx.Clock.GetElapsedTime(started) >= ProgressAfter)
                    {
                        progressShown = true;
                        ctx.StandardError.Write($"\rsopsnet: {n}/{files.Count} files");
                    }
                }
            }
        }).ConfigureAwait(false);

        if (progressShown)
        {
            ctx.StandardError.WriteLine();
        }

        foreach (var (code, line, _) in results)
        {
            if (code != 0)
            {
                ctx.StandardError.WriteLine(line);
            }
            else if (!quiet)
            {
                ctx.StandardError.WriteLine($"sopsnet: {line}");
            }
        }

        if (!quiet && files.Count + alreadyUnchanged > 1)
        {
            var failed = results.Count(r => r.Code != 0);
            var changed = results.Count(r => r.Code == 0 && r.Changed);
            new Reporter(ctx.StandardError).Note(new BatchSummary(changed, files.Count - failed - changed + alreadyUnchanged, failed).ToString());
        }

        return results.FirstOrDefault(r => r.Code != 0).Code;
    }
}
