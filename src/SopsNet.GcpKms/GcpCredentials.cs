using System.Text.Json;
using SopsNet.Keys;

namespace SopsNet.GcpKms;

/// <summary>
/// Where the bearer token for Cloud KMS comes from, in sops's order: <c>GOOGLE_OAUTH_ACCESS_TOKEN</c> (used
/// as is), <c>GOOGLE_CREDENTIALS</c> (a file path or the JSON itself), else application default credentials.
/// Everything is read from the given environment (not the process's), and nothing is loaded or contacted
/// until the first token is asked for.
/// </summary>
public static class GcpCredentials
{
    private const string NoCredentials =
        "no google credentials: set GOOGLE_OAUTH_ACCESS_TOKEN or GOOGLE_CREDENTIALS, or run 'gcloud auth application-default login'";

    /// <summary>A token source that always answers <paramref name="token"/>.</summary>
    public static Func<CancellationToken, Task<string>> Fixed(string token) => _ => Task.FromResult(token);

    public static Func<CancellationToken, Task<string>> FromEnvironment(Func<string, string?> env)
    {
        if (env("GOOGLE_OAUTH_ACCESS_TOKEN") is { Length: > 0 } token)
        {
            return Fixed(token);
        }

        var source = new Lazy<GoogleTokenSource>(() => Resolve(env), LazyThreadSafetyMode.ExecutionAndPublication);

        // A resolution failure is a KeyUnwrapException; Lazy rethrows it on every later call.
        return ct => source.Value.GetAsync(ct);
    }

    private static GoogleTokenSource Resolve(Func<string, string?> env)
    {
        if (env("GOOGLE_CREDENTIALS") is { Length: > 0 } given)
        {
            // sops accepts the JSON itself or a path to it; JSON always starts with '{'.
            var json = given.TrimStart().StartsWith('{') ? given : ReadFile(given, "GOOGLE_CREDENTIALS");
            return FromJson(json, "GOOGLE_CREDENTIALS");
        }

        if (env("GOOGLE_APPLICATION_CREDENTIALS") is { Length: > 0 } path)
        {
            return FromJson(ReadFile(path, "GOOGLE_APPLICATION_CREDENTIALS"), "GOOGLE_APPLICATION_CREDENTIALS");
        }

        var configDir = env("CLOUDSDK_CONFIG")
            ?? (env("APPDATA") is { Length: > 0 } appData && OperatingSystem.IsWindows() ? Path.Combine(appData, "gcloud") : null)
            ?? (env("HOME") is { Length: > 0 } home ? Path.Combine(home, ".config", "gcloud") : null);
        var wellKnown = configDir is null ? null : Path.Combine(configDir, "application_default_credentials.json");
        if (wellKnown is not null && File.Exists(wellKnown))
        {
            return FromJson(ReadFile(wellKnown, "application default credentials"), wellKnown);
        }

        // The metadata server only where there is one: Google's own probe can stall for seconds on other
        // machines (the ~30 s look-ups of getsops/sops#402), so ask the machine first.
        if (env("GCE_METADATA_HOST") is { Length: > 0 } host)
        {
            return GoogleTokenSource.Metadata(host);
        }

        if (OnGoogleHardware())
        {
            return GoogleTokenSource.Metadata("169.254.169.254");
        }

        throw new KeyUnwrapException(NoCredentials);
    }

    private static bool OnGoogleHardware()
    {
        try
        {
            return OperatingSystem.IsLinux() && File.Exists("/sys/class/dmi/id/product_name") &&
                   File.ReadAllText("/sys/class/dmi/id/product_name").Contains("Google", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    private static string ReadFile(string path, string source)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new KeyUnwrapException($"cannot read the google credentials file named by {source}: {e.Message}", e);
        }
    }

    private static GoogleTokenSource FromJson(string json, string source) => GoogleTokenSource.FromJson(json, source);

    internal static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
