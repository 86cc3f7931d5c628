using BenchmarkDotNet.Running;

// dotnet run -c Release --project bench/SopsNet.Bench -- --filter '*'
BenchmarkSwitcher.FromAssembly(typeof(SopsNet.Bench.FileBenchmarks).Assembly).Run(args);
