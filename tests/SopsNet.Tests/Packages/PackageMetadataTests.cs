using System.IO.Compression;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Packages;

/// <summary>
/// What nuget.org and a package manager show about each package (issue 13): a description of its own, the
/// authors, the MIT licence, a README, tags, the repository, XML docs beside each library and a symbol
/// package; `dotnet pack` warns about nothing.
/// </summary>
[Collection(LocalFeed.Collection)]
[Trait("Category", "Packages")]
public sealed partial class PackageMetadataTests(LocalFeed feed)
{
    [Fact]
    public void Packing_prints_no_warning()
    {
        Assert.True(!Warning().IsMatch(feed.Pack.StdoutText + feed.Pack.Stderr), feed.Pack.StdoutText + feed.Pack.Stderr);
    }

    [Fact]
    public void Every_project_under_src_is_a_package_with_its_metadata_docs_and_symbols()
    {
        var packages = Directory.GetFiles(feed.Feed, "*.nupkg");
        Assert.Equal(Directory.GetFiles(TestPaths.Repo("src"), "*.csproj", SearchOption.AllDirectories).Length, packages.Length);

        var problems = new List<string>();
        foreach (var package in packages)
        {
            using var zip = ZipFile.OpenRead(package);
            var nuspec = zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var stream = nuspec.Open();
            var metadata = XDocument.Load(stream).Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Field(string name) => metadata.Elements().SingleOrDefault(e => e.Name.LocalName == name)?.Value;
            var id = Field("id");
            var name = Path.GetFileName(package);

            if (Field("version") != feed.Version)
            {
                problems.Add($"{name}: version {Field("version")}");
            }

            if (Field("description") is not { Length: > 20 } description || description == "Package Description")
            {
                problems.Add($"{name}: no description of its own");
            }

            if (string.IsNullOrWhiteSpace(Field("authors")) || Field("authors") == id)
            {
                problems.Add($"{name}: authors {Field("authors")}");
            }

            var license = metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "license");
            if ((string?)license?.Attribute("type") != "expression" || license.Value != "MIT")
            {
                problems.Add($"{name}: licence {license}");
            }

            if (Field("readme") is not { } readme || zip.GetEntry(readme) is null)
            {
                problems.Add($"{name}: no README in the package");
            }

            if (!(Field("tags") ?? "").Split(' ').Contains("sops"))
            {
                problems.Add($"{name}: tags {Field("tags")}");
            }

            var repository = metadata.Elements().SingleOrDefault(e => e.Name.LocalName == "repository");
            if ((string?)repository?.Attribute("url") != "https://github.com/sopsnet/sopsnet" || Field("projectUrl") != "https://github.com/sopsnet/sopsnet")
            {
                problems.Add($"{name}: repository {repository}, project {Field("projectUrl")}");
            }

            var isTool = metadata.Descendants().Any(e => e.Name.LocalName == "packageType" && (string?)e.Attribute("name") == "DotnetTool");
            var libraries = zip.Entries.Where(e => e.FullName.StartsWith("lib/", StringComparison.Ordinal) && e.FullName.EndsWith(".dll", StringComparison.Ordinal)).ToList();
            if (isTool != (id == "SopsNet.Cli") || (!isTool && libraries.Count == 0))
            {
                problems.Add($"{name}: {(isTool ? "a tool" : $"{libraries.Count} libraries")}");
            }

            problems.AddRange(libraries
                .Where(dll => zip.GetEntry(Path.ChangeExtension(dll.FullName, ".xml")) is null)
                .Select(dll => $"{name}: {dll.FullName} has no XML docs"));

            if (!File.Exists(Path.ChangeExtension(package, ".snupkg")))
            {
                problems.Add($"{name}: no symbol package");
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    // MSBuild's and NuGet's warnings: "warning NU5104: ...", "warning CS1591: ...", "warning : ..." (not
    // the summary's "0 Warning(s)").
    [GeneratedRegex(@"\bwarning( [A-Z]+[0-9]+)? *:")]
    private static partial Regex Warning();
}
