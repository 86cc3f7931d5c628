using System.Globalization;

namespace SopsNet.Files;

/// <summary>
/// Where key discovery reads its settings: environment variables (an empty value counts as unset, as in
/// sops), the directory relative paths in them are resolved against, and the clock. Hosts and tests pass
/// their own instead of the process's.
/// </summary>
public sealed record KeyEnvironment(Func<string, string?> Variables, string CurrentDirectory)
{
    /// <summary>
    /// How long one call to a key service may take when SOPSNET_KEY_TIMEOUT (seconds, ours) does not say:
    /// sops has no such setting and can stall for a long time on an unreachable endpoint (getsops/sops#402).
    /// </summary>
    public static readonly TimeSpan DefaultKeyTimeout = TimeSpan.FromSeconds(30);

    public TimeProvider Clock { get; init; } = TimeProvider.System;

    /// <summary>The process's environment and working directory.</summary>
    public static KeyEnvironment FromProcess() => new(Environment.GetEnvironmentVariable, Environment.CurrentDirectory);

    public string? Get(string name) => Variables(name) is { Length: > 0 } v ? v : null;

    public string FullPath(string path) => Path.GetFullPath(path, CurrentDirectory);

    /// <summary>SOPSNET_KEY_TIMEOUT: one setting for every cloud provider.</summary>
    public TimeSpan KeyTimeout =>
        double.TryParse(Get("SOPSNET_KEY_TIMEOUT"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : DefaultKeyTimeout;

    /// <summary>
    /// The key ring's own limit sits a little above <see cref="KeyTimeout"/>, so the provider's message, which
    /// names the endpoint and the cause, is the one the user sees.
    /// </summary>
    public TimeSpan KeyRingTimeout => KeyTimeout + TimeSpan.FromSeconds(5);
}
