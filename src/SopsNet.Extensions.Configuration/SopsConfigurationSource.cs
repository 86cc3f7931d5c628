using Microsoft.Extensions.Configuration;
using SopsNet.Files;

namespace SopsNet.Extensions.Configuration;

/// <summary>A sops-encrypted file as a configuration source (see <c>AddSopsFile</c>).</summary>
public sealed class SopsConfigurationSource : FileConfigurationSource
{
    /// <summary>Where keys are looked for (default: the process's environment, as the sops command line).</summary>
    public KeyEnvironment? Environment { get; set; }

    /// <summary>yaml, json, dotenv, ini or toml; by default from the file name, as sops.</summary>
    public string? Format { get; set; }

    public override IConfigurationProvider Build(IConfigurationBuilder builder)
    {
        EnsureDefaults(builder);
        return new SopsConfigurationProvider(this);
    }
}
