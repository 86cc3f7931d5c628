using System.Text;
using BenchmarkDotNet.Attributes;
using SopsNet.Stores;
using SopsNet.Stores.Ini;
using SopsNet.Stores.Toml;
using SopsNet.Stores.Yaml;

namespace SopsNet.Bench;

/// <summary>
/// Parsing the large flat shapes that were quadratic (issue 10): every shape at 25,000 and 100,000
/// entries, so a linear parser takes four times as long for the larger one and a quadratic one sixteen.
/// </summary>
[MemoryDiagnoser]
public class FlatShapeBenchmarks
{
    private IStore store = null!;
    private byte[] content = [];

    [Params("ini-one-section", "toml-one-table", "yaml-one-line-flow-mapping", "yaml-flow-values-with-comments", "yaml-commented-documents")]
    public string Shape { get; set; } = "";

    [Params(25_000, 100_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var n = Enumerable.Range(0, Entries);
        (store, var text) = Shape switch
        {
            "ini-one-section" => ((IStore)new IniStore(), "[s]\n" + string.Concat(n.Select(i => $"key{i} = value{i}\n"))),
            "toml-one-table" => (new TomlStore(), "[t]\n" + string.Concat(n.Select(i => $"key{i} = \"value{i}\"\n"))),
            "yaml-one-line-flow-mapping" => (new YamlStore(), "a: {" + string.Join(", ", n.Select(i => $"key{i}: value{i}")) + "}\n"),
            "yaml-flow-values-with-comments" => (new YamlStore(), string.Concat(n.Select(i => $"key{i}: [value{i}] # note {i}\n"))),
            _ => (new YamlStore(), string.Concat(n.Select(i => $"---\n# note {i}\nkey: value{i}\n"))),
        };
        content = Encoding.UTF8.GetBytes(text);
    }

    [Benchmark]
    public StoreDocument Parse() => store.Parse(content);
}
