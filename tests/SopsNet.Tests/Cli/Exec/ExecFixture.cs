using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Exec;

/// <summary>
/// A scratch directory with files encrypted for the demo key; the plaintext each was made from is deleted
/// right away, so the secret exists on disk only in encrypted form.
/// </summary>
public sealed class ExecFixture : IDisposable
{
    public TempDir Dir { get; } = new();

    /// <summary>Unique per fixture, so a search for it cannot hit another test's files.</summary>
    public string Secret { get; } = "s3cret-" + Guid.NewGuid().ToString("N");

    public string Path => Dir.Path;

    public static Dictionary<string, string> Key => CliKit.DemoKeyEnv();

    public async Task<string> EncryptAsync(string name, string plaintext)
    {
        var encrypted = await CliKit.EncryptForDemoAsync(Dir, name, CliKit.Bytes(plaintext));
        File.Delete(Dir.File(name));
        return System.IO.Path.GetFileName(encrypted);
    }

    public Task<CliRun> RunAsync(params string[] args) => CliRun.RunAsync(Path, Key, args);

    public Task<CliRun> RunAsync(Dictionary<string, string> env, params string[] args) => CliRun.RunAsync(Path, env, args);

    public string Read(string name) => File.ReadAllText(Dir.File(name));

    public bool Exists(string name) => File.Exists(Dir.File(name));

    /// <summary>Parses <c>env</c> output (NAME=value lines; the tests' values have no newlines).</summary>
    public Dictionary<string, string> ReadEnv(string name) => Read(name)
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(l => l.Split('=', 2))
        .ToDictionary(p => p[0], p => p[1]);

    public void Dispose() => Dir.Dispose();
}
