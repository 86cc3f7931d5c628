using SopsNet.Extensions.Configuration;

// In the namespace of the other providers' extensions (AddJsonFile, AddIniFile), so AddSopsFile shows up
// where a developer looks for it.
namespace Microsoft.Extensions.Configuration;

/// <summary><c>builder.Configuration.AddSopsFile("secrets.enc.yaml")</c>.</summary>
public static class SopsConfigurationExtensions
{
    /// <summary>
    /// Adds a sops-encrypted YAML, JSON, dotenv, INI or TOML file (format from the name). Keys are found as
    /// the sops command line finds them: SOPS_AGE_KEY / SOPS_AGE_KEY_FILE / the user's age keys.txt, GnuPG,
    /// and the cloud key services whose SopsNet package the application references.
    /// </summary>
    /// <param name="builder">The configuration builder to add the file to.</param>
    /// <param name="path">Relative to the builder's base path, as for AddJsonFile.</param>
    /// <param name="optional">False: a missing file fails the build.</param>
    /// <param name="reloadOnChange">Re-decrypt when the file changes.</param>
    public static IConfigurationBuilder AddSopsFile(this IConfigurationBuilder builder, string path, bool optional = false, bool reloadOnChange = false) =>
        builder.AddSopsFile(source =>
        {
            source.Path = path;
            source.Optional = optional;
            source.ReloadOnChange = reloadOnChange;
        });

    /// <summary>Adds a sops-encrypted file configured by <paramref name="configure"/> (keys from a given environment, an explicit format).</summary>
    public static IConfigurationBuilder AddSopsFile(this IConfigurationBuilder builder, Action<SopsConfigurationSource> configure)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var source = new SopsConfigurationSource();
        configure?.Invoke(source);
        source.ResolveFileProvider();
        return builder.Add(source);
    }
}
