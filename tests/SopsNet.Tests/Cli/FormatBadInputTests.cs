using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli;

public sealed class FormatBadInputTests
{
    [Theory]
    [InlineData("bad.env", "GOOD=1\nthis line has no equals sign\n", 2)]
    [InlineData("dup.ini", "[s]\na = 1\na = 2\n", 3)]
    [InlineData("bad.toml", "a = 1\nb = = 2\n", 2)]
    [InlineData("dup.toml", "a = 1\na = 2\n", 2)]
    public async Task Malformed_files_of_every_format_fail_with_2_naming_file_line_and_column_and_stay_untouched(string name, string content, int line)
    {
        using var dir = new TempDir();
        var file = dir.Write(name, content);
        var run = await CliRun.RunAsync(dir.Path, null, "encrypt", "-i", "--age", TestPaths.DemoRecipient, file);
        Assert.Equal(2, run.ExitCode);
        Assert.Matches($"^sopsnet: error: {System.Text.RegularExpressions.Regex.Escape(file)}:{line}:[0-9]+: ", run.Stderr);
        Assert.Single(run.Stderr.Trim().Split('\n'));
        Assert.DoesNotContain("   at ", run.Stderr);
        Assert.Equal(content, File.ReadAllText(file));
    }

    [Fact]
    public async Task The_age_added_dotenv_corpus_file_decrypts_to_exactly_what_sops_wrote()
    {
        using var dir = new TempDir();
        var run = await CliRun.RunAsync(dir.Path, new Dictionary<string, string> { ["SOPS_AGE_KEY_FILE"] = TestPaths.CorpusIdentity },
            "decrypt", TestPaths.Corpus("age-added/ft-format.age-added.env"));
        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.Equal("foo = bar\n", run.Stdout);
    }
}
