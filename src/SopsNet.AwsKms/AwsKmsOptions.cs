using Amazon.Runtime;

namespace SopsNet.AwsKms;

/// <summary>
/// What the KMS provider takes from its environment. The CLI fills it from its own (possibly
/// hermetic) environment, because the AWS SDK would otherwise read only the real process
/// environment.
/// </summary>
public sealed record AwsKmsOptions
{
    /// <summary>Explicit credentials (e.g. from <c>AWS_ACCESS_KEY_ID</c>); null = a profile or the SDK's default chain.</summary>
    public AWSCredentials? Credentials { get; init; }

    /// <summary>The profile used when a key has no <c>aws_profile</c> (<c>AWS_PROFILE</c>).</summary>
    public string? DefaultProfile { get; init; }

    /// <summary>The shared credentials file to find profiles in; null = the SDK's default location.</summary>
    public string? SharedCredentialsFile { get; init; }

    /// <summary>
    /// False keeps the SDK's default credential chain (web identity, container, instance metadata)
    /// out: set from <c>AWS_EC2_METADATA_DISABLED</c>, so a machine without credentials fails at once
    /// instead of probing the metadata service.
    /// </summary>
    public bool UseDefaultCredentialChain { get; init; } = true;

    /// <summary>KMS endpoint override (<c>AWS_ENDPOINT_URL_KMS</c>, <c>AWS_ENDPOINT_URL</c>).</summary>
    public string? KmsServiceUrl { get; init; }

    /// <summary>STS endpoint override (<c>AWS_ENDPOINT_URL_STS</c>, <c>AWS_ENDPOINT_URL</c>).</summary>
    public string? StsServiceUrl { get; init; }

    /// <summary>The whole budget for one wrap or unwrap, the SDK's own retries included.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The host name in the assume-role session name (<c>sops@HOST</c>).</summary>
    public string HostName { get; init; } = Environment.MachineName;

    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
