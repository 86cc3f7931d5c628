using Azure.Core.Pipeline;

namespace SopsNet.AzureKeyVault;

/// <summary>How the provider talks to Key Vault.</summary>
public sealed record AzureKeyVaultOptions
{
    /// <summary>
    /// The longest one operation (token, version look-up, encrypt or decrypt, with its retries) may
    /// take; sops users see half-minute stalls on unreachable endpoints, so the default is short.
    /// </summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries for throttling (429), 5xx and connection failures, within <see cref="Timeout"/>.</summary>
    public int MaxRetries { get; init; } = 2;

    /// <summary>The HTTP transport; null = Azure.Core's shared default (system certificate trust).</summary>
    public HttpPipelineTransport? Transport { get; init; }

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
