using SopsNet.Cli.Output;

namespace SopsNet.Cli.Commands;

/// <summary>
/// Runs one operation over many files in parallel (they are independent; key services are the slow part),
/// shows progress on a terminal, and prints one summary line per file in a stable order. The exit code is
/// that of the first file that failed, or 0.
/// </summary>
internal static class FileBatch
{
    public static async Task<int> RunAsync(CliContext ctx, IReadOnlyList<string> files, Func<string, Task<string>> work, CancellationToken ct)
    {
        var results = new (int Code, string Line)[files.Count];
        var done = 0;
        var showProgress = files.Count > 1 && ctx.StandardErrorIsTerminal;
        await Parallel.ForEachAsync(Enumerable.Range(0, files.Count), new ParallelOptions { CancellationToken = ct, MaxDegreeOfParallelism = Environment.ProcessorCount * 2 }, async (i, token) =>
        {
            using var captured = new StringWriter();
            try
            {
                results[i] = (0, $"{files[i]}: {await work(files[i]).ConfigureAwait(false)}");
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                var code = new Reporter(captured).Fail(e, files[i]);
                results[i] = (code, captured.ToString().TrimEnd());
            }

            var n = Interlocked.Increment(ref done);
            if (showProgress)
            {
                lock (results)
                {
                    ctx.StandardError.Write($"\rsopsnet: {n}/{files.Count} files");
                }
            }
        }).ConfigureAwait(false);

        if (showProgress)
        {
            ctx.StandardError.WriteLine();
        }

        foreach (var (code, line) in results)
        {
            if (code == 0)
            {
                ctx.StandardError.WriteLine($"sopsnet: {line}");
            }
            else
            {
                ctx.StandardError.WriteLine(line);
            }
        }

        return results.FirstOrDefault(r => r.Code != 0).Code;
    }
}
