using System.Runtime.InteropServices;

namespace SopsNet.Age;

/// <summary>
/// Where age identities may come from, as sops 3.13 reads them (docs/format.md §8.2). Plain values, filled by
/// the caller from the environment, so this library never reads the environment itself. Null means
/// "variable not set".
/// </summary>
public sealed record AgeIdentitySources
{
    /// <summary><c>SOPS_AGE_KEY</c>: identity text, several identities per line allowed.</summary>
    public string? Key { get; init; }

    /// <summary><c>SOPS_AGE_KEY_FILE</c>: path of an age key file (possibly passphrase-protected).</summary>
    public string? KeyFile { get; init; }

    /// <summary><c>SOPS_AGE_KEY_CMD</c>: command line whose output is identity text.</summary>
    public string? KeyCommand { get; init; }

    /// <summary><c>SOPS_AGE_SSH_PRIVATE_KEY_FILE</c>: path of an SSH private key.</summary>
    public string? SshPrivateKeyFile { get; init; }

    /// <summary><c>SOPS_AGE_SSH_PRIVATE_KEY_CMD</c>: command line whose output is an SSH private key.</summary>
    public string? SshPrivateKeyCommand { get; init; }

    /// <summary>
    /// The recipient being decrypted for: sops gives it to SOPS_AGE_KEY_CMD and SOPS_AGE_SSH_PRIVATE_KEY_CMD
    /// as <c>SOPS_AGE_RECIPIENT</c> (age/keysource.go), so a command can return the identity for that key.
    /// </summary>
    public string? Recipient { get; init; }

    /// <summary>True when a command is configured, whose output may depend on <see cref="Recipient"/>.</summary>
    public bool RunsCommands => KeyCommand is not null || SshPrivateKeyCommand is not null;

    /// <summary>The default key file (<c>…/sops/age/keys.txt</c>); read when it exists, even if others are set.</summary>
    public string? DefaultKeyFile { get; init; }

    /// <summary>Default SSH keys (<c>~/.ssh/id_ed25519</c>, <c>~/.ssh/id_rsa</c>); read when they exist.</summary>
    public IReadOnlyList<string> DefaultSshKeyFiles { get; init; } = [];

    /// <summary>
    /// The default paths for a user, no variables set. <paramref name="home"/> is <c>HOME</c>
    /// (<c>USERPROFILE</c> on Windows); <paramref name="platform"/> defaults to the current OS.
    /// </summary>
    public static AgeIdentitySources ForUser(string? home, string? xdgConfigHome, string? appData, OSPlatform? platform = null) => new()
    {
        DefaultKeyFile = DefaultKeyFilePath(home, xdgConfigHome, appData, platform ?? CurrentPlatform()),
        DefaultSshKeyFiles = string.IsNullOrEmpty(home)
            ? []
            : [Path.Combine(home, ".ssh", "id_ed25519"), Path.Combine(home, ".ssh", "id_rsa")],
    };

    /// <summary>
    /// <c>&lt;user config dir&gt;/sops/age/keys.txt</c> with Go's <c>os.UserConfigDir</c> rules plus sops'
    /// macOS twist (XDG_CONFIG_HOME wins there too); null when the directory cannot be determined.
    /// </summary>
    public static string? DefaultKeyFilePath(string? home, string? xdgConfigHome, string? appData, OSPlatform platform)
    {
        string? configDir;
        if (platform == OSPlatform.Windows)
        {
            configDir = NullIfEmpty(appData);
        }
        else if (platform == OSPlatform.OSX)
        {
            configDir = NullIfEmpty(xdgConfigHome)
                ?? (string.IsNullOrEmpty(home) ? null : Path.Combine(home, "Library", "Application Support"));
        }
        else if (!string.IsNullOrEmpty(xdgConfigHome))
        {
            // Go rejects a relative XDG_CONFIG_HOME, so sops then finds no default key file.
            configDir = xdgConfigHome.StartsWith('/') ? xdgConfigHome : null;
        }
        else
        {
            configDir = string.IsNullOrEmpty(home) ? null : Path.Combine(home, ".config");
        }

        return configDir is null ? null : Path.Combine(configDir, "sops", "age", "keys.txt");
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    private static OSPlatform CurrentPlatform() =>
        OperatingSystem.IsWindows() ? OSPlatform.Windows : OperatingSystem.IsMacOS() ? OSPlatform.OSX : OSPlatform.Linux;
}
