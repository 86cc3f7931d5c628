using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Azure.Core.Pipeline;

namespace SopsNet.AzureKeyVault;

/// <summary>
/// A transport that trusts the system's certificate authorities plus exactly one extra certificate.
/// It exists for local stand-ins of Key Vault (tests), which must be https because Azure.Core refuses
/// to send bearer tokens over plain http. It never turns validation off: any other certificate with
/// an error is still refused.
/// </summary>
public static class PinnedCertificateTransport
{
    public static HttpPipelineTransport Create(X509Certificate2 trusted)
    {
        var pinned = trusted.RawData;
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                    errors == SslPolicyErrors.None ||
                    (certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(pinned)),
            },
        };
        return new HttpClientTransport(handler);
    }
}
