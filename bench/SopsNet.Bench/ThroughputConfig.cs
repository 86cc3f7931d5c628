using BenchmarkDotNet.Configs;

namespace SopsNet.Bench;

/// <summary>Adds the MB/s column to <see cref="ThroughputBenchmarks"/>.</summary>
public sealed class ThroughputConfig : ManualConfig
{
    public ThroughputConfig()
    {
        AddColumn(new MegabytesPerSecondColumn());
    }
}
