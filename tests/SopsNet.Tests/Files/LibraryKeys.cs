using SopsNet.Files;
using SopsNet.Tests.Support;

namespace SopsNet.Tests.Files;

/// <summary>Key environments for the library tests: only what is given, never the machine's own keys.</summary>
internal static class LibraryKeys
{
    public const string DemoRecipient = "age1mt38nw00pvmxkpn9s5pkd8x70d58a7hp3vvcgxaka8ks4e0hjvlsqhn7uk";

    /// <summary>The demo key in SOPS_AGE_KEY_FILE; HOME points at an empty directory, so no user key is found.</summary>
    public static KeyEnvironment Demo(string home) => With(home, ("SOPS_AGE_KEY_FILE", TestPaths.DemoKey));

    /// <summary>No key at all.</summary>
    public static KeyEnvironment None(string home) => With(home);

    public static KeyEnvironment With(string home, params (string Name, string Value)[] variables)
    {
        var all = variables.Append(("HOME", home)).Append(("GNUPGHOME", Path.Combine(home, "gnupg")))
            .Append(("SOPSNET_AZURE_MANAGED_IDENTITY", "false")).Append(("AWS_EC2_METADATA_DISABLED", "true"))
            .ToDictionary(v => v.Item1, v => v.Item2);
        return new KeyEnvironment(name => all.GetValueOrDefault(name), home);
    }
}
