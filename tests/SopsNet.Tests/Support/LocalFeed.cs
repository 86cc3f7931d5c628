using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Xml.Linq;

namespace SopsNet.Tests.Support;

/// <summary>
/// Every package of the repository, packed once per test run into a folder feed, and projects that use
/// them as a user's project does: made from a template directory, restored from the feed (no project
/// references), built and run in child <c>dotnet</c> processes. The pack reuses what this test run built
/// (<c>--no-build</c>, the same configuration), so the packages hold the assemblies the other tests
/// tested; every project under src/ must therefore be built by the run (the test project references them).
/// The packages get a pre-release version of their own and restores use a package folder of their own
/// (the machine's folder serves the third-party dependencies, read-only): a package cached by an earlier
/// run under the same version can never stand in for this run's, and nothing is left behind.
/// </summary>
public sealed class LocalFeed : IDisposable
{
    public const string Collection = "local feed";

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    private readonly string root = Directory.CreateTempSubdirectory("sopsnet-feed-").FullName;
    private int directories;

    public LocalFeed()
    {
        Feed = Directory.CreateDirectory(Path.Combine(root, "feed")).FullName;
        var built = typeof(SopsError).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Version = $"{built}-test.{DateTime.UtcNow:yyyyMMddHHmmss}";
        WriteIsolation();
        Pack = Dotnet(root, "pack", TestPaths.Repo("SopsNet.sln"), "--no-build", "-c", Configuration, "-o", Feed, $"-p:PackageVersion={Version}", "-nodeReuse:false");
        if (Pack.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet pack failed (exit {Pack.ExitCode}):\n{Pack.StdoutText}\n{Pack.Stderr}");
        }
    }

    /// <summary>The folder the packages are in (a NuGet source).</summary>
    public string Feed { get; }

    /// <summary>The version every package was packed with.</summary>
    public string Version { get; }

    /// <summary>What <c>dotnet pack</c> printed.</summary>
    public External.Result Pack { get; }

    /// <summary>Where this feed's commands run; its nuget.config adds the feed to the machine's sources.</summary>
    public string Root => root;

    /// <summary>The configuration this test assembly (and so everything it packed) was built in.</summary>
    public static string Configuration { get; } =
        typeof(LocalFeed).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Debug";

    /// <summary>A new empty directory under this feed's root.</summary>
    public string NewDirectory(string name) =>
        Directory.CreateDirectory(Path.Combine(root, $"{name}-{Interlocked.Increment(ref directories)}")).FullName;

    /// <summary>
    /// A copy of <paramref name="template"/> (a directory holding a project, bin/ and obj/ left out) whose
    /// references to SopsNet packages ask for this feed's version. A project reference is refused: the
    /// point is to use the packages as a user does.
    /// </summary>
    public string CreateProject(string template)
    {
        var project = NewDirectory(Path.GetFileName(Path.TrimEndingDirectorySeparator(template)));
        foreach (var file in Directory.EnumerateFiles(template, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(template, file);
            var top = relative.Split(Path.DirectorySeparatorChar)[0];
            if (top is "bin" or "obj")
            {
                continue;
            }

            var copy = Path.Combine(project, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(copy)!);
            File.Copy(file, copy);
        }

        foreach (var file in Directory.EnumerateFiles(project, "*.csproj", SearchOption.AllDirectories))
        {
            var xml = XDocument.Load(file, LoadOptions.PreserveWhitespace);
            if (xml.Descendants("ProjectReference").Any())
            {
                throw new InvalidOperationException($"{Path.GetRelativePath(project, file)} in {template} has a project reference; a package consumer references packages only");
            }

            foreach (var reference in xml.Descendants("PackageReference")
                         .Where(r => ((string?)r.Attribute("Include"))?.StartsWith("SopsNet", StringComparison.OrdinalIgnoreCase) == true))
            {
                reference.SetAttributeValue("Version", Version);
            }

            xml.Save(file);
        }

        return project;
    }

    /// <summary>Restores and builds <paramref name="project"/> (Release), then runs it with <paramref name="args"/>; fails with the build's output if it does not build.</summary>
    public External.Result BuildAndRun(string project, IReadOnlyDictionary<string, string>? environment = null, params string[] args)
    {
        // No compiler server: it would outlive the test by minutes.
        var build = Dotnet(project, "build", "-c", "Release", "-nodeReuse:false", "-p:UseSharedCompilation=false");
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build of {project} failed (exit {build.ExitCode}):\n{build.StdoutText}\n{build.Stderr}");
        }

        return Dotnet(project, ["run", "--no-build", "-c", "Release", "--", .. args], environment);
    }

    /// <summary>Runs <c>dotnet</c> in <paramref name="workingDirectory"/> with this feed's package folder.</summary>
    public External.Result Dotnet(string workingDirectory, params string[] args) => Dotnet(workingDirectory, args, null);

    public External.Result Dotnet(string workingDirectory, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var a in args)
        {
            start.ArgumentList.Add(a);
        }

        // `dotnet test` leaves MSBuild's own variables (SDK and extension paths) to the test host; a child
        // build must find its SDK as a user's would.
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["NUGET_PACKAGES"] = Path.Combine(root, "packages");
        start.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = new MemoryStream();
        var copy = process.StandardOutput.BaseStream.CopyToAsync(stdout);
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', args)} did not finish in {Timeout.TotalMinutes} minutes");
        }

        copy.Wait();
        return new External.Result(process.ExitCode, stdout.ToArray(), stderr.Result);
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(root, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>
    /// The feed joins the machine's own sources (so nothing else changes for a restore); the machine's
    /// package folder is a read-only fallback for the third-party packages. Empty Directory.Build files stop
    /// MSBuild from looking for more above the temp folder.
    /// </summary>
    private void WriteIsolation()
    {
        var machinePackages = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } set
            ? set
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var config = new XDocument(
            new XElement("configuration",
                new XElement("packageSources", new XElement("add", new XAttribute("key", "sopsnet-local-feed"), new XAttribute("value", Feed))),
                new XElement("fallbackPackageFolders", new XElement("add", new XAttribute("key", "machine"), new XAttribute("value", machinePackages)))));
        File.WriteAllText(Path.Combine(root, "nuget.config"), config.ToString(), Encoding.UTF8);
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), "<Project />\n");
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), "<Project />\n");
    }
}
