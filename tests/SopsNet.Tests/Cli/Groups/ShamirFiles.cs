using SopsNet.Tests.Age;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Groups;

/// <summary>
/// A scratch directory with three age identities made by age-keygen (one per key group) and the
/// environments that make some of them available, for the key-group CLI tests.
/// </summary>
internal sealed class ShamirFiles : IDisposable
{
    public const string Plaintext = "db:\n    user: admin\n    password: hunter2\napi_token: t0ken-value\n";

    private readonly TempKeys keys = new();

    public ShamirFiles()
    {
        Identities = Enumerable.Range(0, 3).Select(i => keys.AgeKey($"id{i}.txt")).ToArray();
        Dir.Write("secrets.yaml", Plaintext);
    }

    public TempDir Dir { get; } = new();

    public (string File, string Recipient)[] Identities { get; }

    public string Recipient(int i) => Identities[i].Recipient;

    /// <summary>SOPS_AGE_KEY holding exactly the identities with these indexes.</summary>
    public Dictionary<string, string> With(params int[] indexes) => new()
    {
        ["SOPS_AGE_KEY"] = string.Join("\n", indexes.Select(i => File.ReadAllText(Identities[i].File))),
    };

    /// <summary>A .sops.yaml with one key group per identity and the given threshold.</summary>
    public void WriteConfig(int threshold) => Dir.Write(".sops.yaml", $"""
        creation_rules:
          - shamir_threshold: {threshold}
            key_groups:
              - age: [{Recipient(0)}]
              - age:
                  - {Recipient(1)}
              - age: {Recipient(2)}
        """);

    public Task<CliRun> RunAsync(Dictionary<string, string>? env, params string[] args) => CliRun.RunAsync(Dir.Path, env, args);

    public void Dispose()
    {
        keys.Dispose();
        Dir.Dispose();
    }
}
