using System.Globalization;
using SharpFuzz;
using SopsNet.Fuzz;

// Entry points of the fuzz harness; README.md beside this file has the commands.
var command = args.Length > 0 ? args[0] : "help";
switch (command)
{
    case "list":
        foreach (var t in FuzzTargets.All)
        {
            Console.WriteLine(t.Name);
        }

        return 0;
    case "libfuzzer" when args.Length == 2:
        {
            var target = FuzzTargets.Named(args[1]);
            Fuzzer.LibFuzzer.Run(span => target.Check(span.ToArray()));
            return 0;
        }

    case "afl" when args.Length == 2:
        {
            var target = FuzzTargets.Named(args[1]);
            Fuzzer.OutOfProcess.Run(stream =>
            {
                using var buffer = new MemoryStream();
                stream.CopyTo(buffer);
                target.Check(buffer.ToArray());
            });
            return 0;
        }

    case "seeds" when args.Length == 3:
        {
            Directory.CreateDirectory(args[2]);
            var i = 0;
            foreach (var seed in FuzzTargets.Named(args[1]).Seeds())
            {
                File.WriteAllBytes(Path.Combine(args[2], $"seed-{i++:D3}"), seed);
            }

            Console.WriteLine($"{i} seeds written to {args[2]}");
            return 0;
        }

    case "run" when args.Length == 3:
        FuzzTargets.Named(args[1]).Check(File.ReadAllBytes(args[2]));
        Console.WriteLine("the input holds the invariant");
        return 0;
    case "mutate":
        {
            var seconds = Option("--seconds") is { } s ? double.Parse(s, CultureInfo.InvariantCulture) : 10;
            var seed = Option("--seed") is { } n ? int.Parse(n, CultureInfo.InvariantCulture) : Random.Shared.Next();
            var names = args.Skip(1).TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
            var targets = names.Count == 0 ? FuzzTargets.All : names.Select(FuzzTargets.Named).ToList();
            var failed = false;
            foreach (var target in targets)
            {
                var report = MutationRunner.Run(target, seed, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(10));
                Console.WriteLine(report);
                failed |= report.Failure is not null;
            }

            return failed ? 1 : 0;
        }

    default:
        Console.Error.WriteLine("usage: SopsNet.Fuzz list | libfuzzer TARGET | afl TARGET | seeds TARGET DIR | run TARGET FILE | mutate [TARGET...] [--seconds N] [--seed N]");
        return 2;
}

string? Option(string name)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
}
