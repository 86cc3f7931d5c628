using System.Reflection;
using SopsNet.Metadata;

namespace SopsNet.Cli.Parsing;

/// <summary>
/// What --version prints. Tools that drive sops (helm-secrets and others) parse the first line as
/// <c>sops X.Y.Z</c>, so when sopsnet is installed under the name <c>sops</c> that line comes first, with
/// the sops version whose files and behaviour sopsnet follows. sopsnet never checks online for a newer
/// version (sops does unless --disable-version-check).
/// </summary>
internal static class VersionText
{
    /// <summary>Directory.Build.props's &lt;Version&gt;, without the commit suffix the build appends.</summary>
    public static string Version { get; } =
        (typeof(VersionText).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0").Split('+')[0];

    public static string For(string programName)
    {
        var own = $"sopsnet {Version} (sops {SopsMetadata.FormatVersion} format)\n";
        return string.Equals(programName, "sops", StringComparison.OrdinalIgnoreCase)
            ? $"sops {SopsMetadata.FormatVersion}\n{own}"
            : own;
    }
}
