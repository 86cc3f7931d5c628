using System.Globalization;

namespace SopsNet.Cli.Keys;

/// <summary>
/// How long one call to a key service may take. SOPSNET_KEY_TIMEOUT (seconds) is ours: sops has no such
/// setting and can stall for a long time on an unreachable endpoint (getsops/sops#402). Every cloud provider
/// uses this one setting; the key ring's own limit sits a little above it (<see cref="Backstop"/>), so the
/// provider's message, which names the endpoint and the cause, is the one the user sees.
/// </summary>
internal static class KeyTimeout
{
    public static readonly TimeSpan Default = TimeSpan.FromSeconds(30);

    public static TimeSpan Backstop(CliContext ctx) => From(ctx) + TimeSpan.FromSeconds(5);

    public static TimeSpan From(CliContext ctx) =>
        double.TryParse(ctx.Env("SOPSNET_KEY_TIMEOUT"), NumberStyles.Float, CultureInfo.InvariantCulture, out var s) && s > 0
            ? TimeSpan.FromSeconds(s)
            : Default;
}
