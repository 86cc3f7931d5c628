using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

public sealed class RecipientsTests
{
    [Fact]
    public async Task Recipients_lists_the_keys_of_each_file_and_how_many_files_each_key_opens_without_any_key()
    {
        using var dir = new TempDir();
        dir.Write(".sops.yaml", $"creation_rules:\n  - path_regex: \\.yaml$\n    age: {TestPaths.DemoRecipient}\n");
        foreach (var name in new[] { "a.yaml", "sub/b.yaml" })
        {
            var file = dir.Write(name, "k: v\n");
            Assert.Equal(0, (await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", file)).ExitCode);
        }

        dir.Write("sub/plain.yaml", "k: v\n");
        var run = await CliRun.RunAsync(dir.Path, null, "recipients", "-r", ".");
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal(
            $"a.yaml: age {TestPaths.DemoRecipient}\nsub/b.yaml: age {TestPaths.DemoRecipient}\nsub/plain.yaml: not encrypted\nage {TestPaths.DemoRecipient}: opens 2 files\n",
            run.Stdout);
    }
}
