using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;

namespace SopsNet.Bench;

/// <summary>Megabytes of input per second for a <see cref="ThroughputBenchmarks"/> row.</summary>
internal sealed class MegabytesPerSecondColumn : IColumn
{
    private readonly Dictionary<(string Format, bool Encrypted), long> sizes = [];

    public string Id => "MBps";

    public string ColumnName => "MB/s";

    public bool AlwaysShow => true;

    public ColumnCategory Category => ColumnCategory.Custom;

    public int PriorityInCategory => 0;

    public bool IsNumeric => true;

    public UnitType UnitType => UnitType.Dimensionless;

    public string Legend => "megabytes (10^6 bytes) of input read per second: the encrypted file for ParseEncrypted, Decrypt and DecryptToPrint, the plaintext for Encrypt and EncryptToWrite";

    public bool IsAvailable(Summary summary) => true;

    public bool IsDefault(Summary summary, BenchmarkCase benchmarkCase) => false;

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase) => GetValue(summary, benchmarkCase, SummaryStyle.Default);

    public string GetValue(Summary summary, BenchmarkCase benchmarkCase, SummaryStyle style)
    {
        var mean = summary[benchmarkCase]?.ResultStatistics?.Mean;
        if (mean is null or <= 0)
        {
            return "-";
        }

        var format = (string)benchmarkCase.Parameters["Format"];
        var encrypted = benchmarkCase.Descriptor.WorkloadMethod.Name is not (nameof(ThroughputBenchmarks.Encrypt) or nameof(ThroughputBenchmarks.EncryptToWrite));
        if (!sizes.TryGetValue((format, encrypted), out var size))
        {
            size = encrypted
                ? ThroughputBenchmarks.EncryptedFile(format).Length
                : ServiceConfig.Generate(format, ThroughputBenchmarks.Services).Length;
            sizes[(format, encrypted)] = size;
        }

        return (size / 1e6 / (mean.Value / 1e9)).ToString("F1", System.Globalization.CultureInfo.InvariantCulture);
    }
}
