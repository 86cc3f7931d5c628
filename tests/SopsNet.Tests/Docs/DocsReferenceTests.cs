using System.Reflection;
using System.Text.RegularExpressions;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Docs;

/// <summary>
/// The compatibility evidence stays auditable: every section a source comment cites exists in the
/// repository's docs, and every row of docs/compatibility.md names a section that exists and a test
/// that exists (so renaming a pinning test or a section cannot silently orphan the table).
/// </summary>
public sealed partial class DocsReferenceTests
{
    [Fact]
    public void Every_section_sign_in_src_names_a_docs_file_and_a_section_it_has()
    {
        var problems = new List<string>();
        foreach (var file in Directory.EnumerateFiles(TestPaths.Repo("src"), "*.cs", SearchOption.AllDirectories)
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}")))
        {
            var lines = File.ReadAllLines(file);
            for (var i = 0; i < lines.Length; i++)
            {
                var signs = lines[i].Count(c => c == '§');
                if (signs == 0)
                {
                    continue;
                }

                var where = $"{Path.GetRelativePath(TestPaths.RepoRoot, file)}:{i + 1}";
                var cited = 0;
                foreach (Match reference in DocReference().Matches(lines[i]))
                {
                    foreach (Capture section in reference.Groups["section"].Captures)
                    {
                        cited++;
                        if (!Sections(reference.Groups["doc"].Value).Contains(section.Value))
                        {
                            problems.Add($"{where}: {reference.Groups["doc"].Value} has no section {section.Value}");
                        }
                    }
                }

                if (cited != signs)
                {
                    problems.Add($"{where}: a § that names no docs/*.md file: {lines[i].Trim()}");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_compatibility_row_names_a_format_section_and_a_test_that_exist()
    {
        var tests = typeof(DocsReferenceTests).Assembly.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
                .Where(m => m.GetCustomAttribute<FactAttribute>() is not null)
                .Select(m => $"{t.Name}.{m.Name}"))
            .ToHashSet();
        var rows = File.ReadAllLines(TestPaths.Repo("docs/compatibility.md"))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| quirk", StringComparison.Ordinal) && !l.StartsWith("| ---", StringComparison.Ordinal))
            .Select(l => l.Split(" | "))
            .ToList();
        var problems = new List<string>();
        foreach (var cells in rows)
        {
            var quirk = cells[0].TrimStart('|', ' ');
            var sections = SectionSign().Matches(cells[1]).Select(m => m.Groups["section"].Value).ToList();
            var pins = TestName().Matches(cells[2]).Select(m => m.Groups["test"].Value).ToList();
            if (sections.Count == 0 || sections.Any(s => !Sections("docs/format.md").Contains(s)))
            {
                problems.Add($"{quirk}: section '{cells[1]}' is not in docs/format.md");
            }

            if (pins.Count == 0 || pins.Any(p => !tests.Contains(p)))
            {
                problems.Add($"{quirk}: pinning test '{cells[2]}' does not exist");
            }
        }

        Assert.True(rows.Count >= 40, $"only {rows.Count} rows read from docs/compatibility.md");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>The section numbers of a markdown file's numbered headings ("## 7. …" gives 7, "### 7.4 …" gives 7.4).</summary>
    private static HashSet<string> Sections(string doc) =>
        File.ReadAllLines(TestPaths.Repo(doc))
            .Select(l => NumberedHeading().Match(l))
            .Where(m => m.Success)
            .Select(m => m.Groups["section"].Value)
            .ToHashSet();

    [GeneratedRegex(@"(?<doc>docs/[\w.-]+\.md) (?:§(?<section>\d+(?:\.\d+)*)(?:, )?)+")]
    private static partial Regex DocReference();

    [GeneratedRegex(@"§(?<section>\d+(?:\.\d+)*)")]
    private static partial Regex SectionSign();

    [GeneratedRegex(@"`(?<test>[A-Za-z0-9_]+\.[A-Za-z0-9_]+)`")]
    private static partial Regex TestName();

    [GeneratedRegex(@"^#{2,3} (?<section>\d+(?:\.\d+)*)\.? ")]
    private static partial Regex NumberedHeading();
}
