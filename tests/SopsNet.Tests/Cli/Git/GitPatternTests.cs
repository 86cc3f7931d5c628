using System.Text.RegularExpressions;
using SopsNet.Cli.Git;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Cli.Git;

/// <summary>
/// path_regex → .gitattributes patterns, judged by git itself: for every translation called exact, git
/// check-attr must select exactly the paths the regex matches (as sops matches them: relative paths).
/// </summary>
public sealed class GitPatternTests
{
    private static readonly string[] Paths =
    [
        "app.enc.yaml", "a/b/app.enc.yaml", "app.enc.yaml.bak", "app.yaml", "x.enc.yaml.d/f.txt",
        "secrets/db.yaml", "secrets/a/b/db.yml", "secrets/db.json", "other/secrets/db.yaml", "mysecrets/x.yaml",
        "prod.yaml", "prod/x.json", "production.json", "conf/prod.yaml", "top.json", "dir/top.json",
    ];

    [ExternalToolTheory(ExternalTool.Git)]
    [InlineData(@"\.enc\.yaml$", new[] { "*.enc.yaml" })]
    [InlineData(@"^secrets/.*\.ya?ml$", new[] { "/secrets/**/*.yaml", "/secrets/**/*.yml" })]
    [InlineData(@".*\.(yaml|json)$", new[] { "*.yaml", "*.json" })]
    [InlineData(@"secrets/", new[] { "**/*secrets/**" })]
    [InlineData(@"^prod", new[] { "/prod*", "/prod*/**" })]
    [InlineData(@"\.enc\.yaml", new[] { "*.enc.yaml*", "**/*.enc.yaml*/**" })]
    [InlineData(@"^[^/]+\.json$", new[] { "/?*.json" })]
    public void ExactTranslationsSelectWhatTheRegexMatches(string regex, string[] expected)
    {
        var translation = GitPattern.Translate(regex);
        Assert.Null(translation.Problem);
        Assert.True(translation.Exact);
        Assert.Equal(expected, translation.Patterns.ToArray());

        using var repo = new ScratchRepo();
        repo.Write(".gitattributes", string.Concat(translation.Patterns.Select(p => p + " diff=sopsnet\n")));
        var output = repo.Git(["check-attr", "diff", "--", .. Paths]).StdoutText;
        var selected = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Where(l => l.EndsWith(": diff: sopsnet", StringComparison.Ordinal)).Select(l => l[..l.IndexOf(": diff:", StringComparison.Ordinal)]);
        Assert.Equal(Paths.Where(p => Regex.IsMatch(p, regex)), selected);
    }

    [Theory]
    [InlineData(@"(foo|bar)\d+")]
    [InlineData(@"^secrets/[a-z]+\.yaml$")]
    [InlineData(@"(?i)\.yaml$")]
    [InlineData(@"^(a|b)*$")]
    public void RegexesWithoutAGitEquivalentAreRefused(string regex)
    {
        var translation = GitPattern.Translate(regex);
        Assert.NotNull(translation.Problem);
        Assert.Empty(translation.Patterns);
    }

    [Fact]
    public void ApproximateTranslationsAreFlagged()
    {
        // ".*" in the middle of a name may also cross directories in the regex, never in the pattern.
        var translation = GitPattern.Translate(@"^prod.*\.yaml$");
        Assert.False(translation.Exact);
        Assert.Equal(["/prod*.yaml"], translation.Patterns.ToArray());
    }
}
