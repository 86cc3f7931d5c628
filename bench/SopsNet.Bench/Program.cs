using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// dotnet run -c Release --project bench/SopsNet.Bench -- --filter '*'
//
// One job for every class: in this process (no generated project to build and launch per row) and one call
// per iteration, one warm-up and three measured iterations. Every row processes a whole large file (0.1 to
// 2 s a call), so BenchmarkDotNet's pilot stage, default iteration counts and a launch per row only multiply
// the time: with them the full set never ran to completion on a 2-core machine; so it takes minutes.
// `--job default` (or any --job) gives BenchmarkDotNet's own settings for a closer look at a few rows.
// Shape names (yaml-flow-values-with-comments) whole in the table, not cut to "yaml-(...)ments [30]".
var config = DefaultConfig.Instance.WithSummaryStyle(SummaryStyle.Default.WithMaxParameterColumnWidth(40));
if (!args.Contains("--job"))
{
    config = config.AddJob(Job.Default
        .WithToolchain(InProcessEmitToolchain.Instance)
        .WithLaunchCount(1)
        .WithWarmupCount(1)
        .WithIterationCount(3)
        .WithInvocationCount(1)
        .WithUnrollFactor(1));
}

BenchmarkSwitcher.FromAssembly(typeof(SopsNet.Bench.FileBenchmarks).Assembly).Run(args, config);
