using System.Diagnostics;
using System.Text;

namespace SopsNet.Fuzz;

/// <summary>
/// The bounded in-process fuzzer CI runs (no instrumentation needed): the target's seeds first, then mutants
/// of the corpus until the time is up; accepted mutants join the corpus. Everything follows from one seed, so
/// a failure replays with the same seed (given at least as much time). Inputs run on a worker thread with a
/// large stack, watched for hangs: an input still running after the hang limit fails the run.
/// </summary>
public static class MutationRunner
{
    private const int MaxCorpus = 1000;

    public static FuzzReport Run(FuzzTarget target, int seed, TimeSpan budget, TimeSpan hangLimit)
    {
        var corpus = target.Seeds().ToList();
        var random = new Random(seed);
        var mutator = new Mutator(random);
        long executions = 0, accepted = 0, started = 0;
        byte[] current = [];
        string? failure = null;
        var clock = Stopwatch.StartNew();
        var worker = new Thread(() =>
        {
            var seeds = corpus.Count;
            for (var i = 0; Volatile.Read(ref failure) is null && (i < seeds || clock.Elapsed < budget); i++)
            {
                var input = i < seeds ? corpus[i] : mutator.Mutate(corpus[random.Next(corpus.Count)], corpus);
                Volatile.Write(ref current, input);
                Interlocked.Exchange(ref started, clock.ElapsedTicks);
                try
                {
                    if (target.Check(input))
                    {
                        accepted++;
                        if (i >= seeds && corpus.Count < MaxCorpus)
                        {
                            corpus.Add(input);
                        }
                    }
                }
                catch (Exception e)
                {
                    Interlocked.CompareExchange(ref failure, Describe(target, seed, executions, input, e is FuzzFailure ? e.Message : $"unexpected {e.GetType().Name}: {e.Message}", e), null);
                }

                Interlocked.Increment(ref executions);
                Interlocked.Exchange(ref started, -1);
            }
        }, 256 * 1024 * 1024) { IsBackground = true, Name = "fuzz " + target.Name };
        worker.Start();
        while (!worker.Join(50))
        {
            var since = Interlocked.Read(ref started);
            if (since >= 0 && TimeSpan.FromTicks((long)((clock.ElapsedTicks - since) * (TimeSpan.TicksPerSecond / (double)Stopwatch.Frequency))) > hangLimit)
            {
                // The worker cannot be stopped; it is a background thread and dies with the process.
                Interlocked.CompareExchange(ref failure, Describe(target, seed, Interlocked.Read(ref executions), Volatile.Read(ref current), $"an input still runs after {hangLimit.TotalSeconds:0} s", null), null);
                break;
            }
        }

        return new FuzzReport(target.Name, seed, Interlocked.Read(ref executions), accepted, corpus.Count, Volatile.Read(ref failure));
    }

    private static string Describe(FuzzTarget target, int seed, long execution, byte[] input, string what, Exception? e)
    {
        var sb = new StringBuilder()
            .Append(target.Name).Append(": ").Append(what).Append('\n')
            .Append("input #").Append(execution).Append(" of seed ").Append(seed)
            .Append(" (replay: SOPSNET_FUZZ_SEED=").Append(seed).Append(", or save the base64 below and run `dotnet run --project tests/SopsNet.Fuzz -- run ")
            .Append(target.Name).Append(" FILE`)\n")
            .Append("input (escaped): \"").Append(Escape(input)).Append("\"\n")
            .Append("input (base64): ").Append(Convert.ToBase64String(input));
        if (e is not null and not FuzzFailure)
        {
            sb.Append('\n').Append(e);
        }

        return sb.ToString();
    }

    /// <summary>Printable ASCII as is, everything else as \xNN (\n, \r, \t by name): short enough to paste into a test.</summary>
    public static string Escape(byte[] input)
    {
        var sb = new StringBuilder();
        foreach (var b in input.Take(2000))
        {
            sb.Append(b switch
            {
                (byte)'\n' => "\\n",
                (byte)'\r' => "\\r",
                (byte)'\t' => "\\t",
                (byte)'\\' => "\\\\",
                (byte)'"' => "\\\"",
                >= 0x20 and < 0x7F => ((char)b).ToString(),
                _ => $"\\x{b:x2}",
            });
        }

        return input.Length > 2000 ? sb.Append("…").ToString() : sb.ToString();
    }
}
