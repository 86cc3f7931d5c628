using System.Net.Http;
using System.Net.Sockets;
using Amazon.Runtime;
using SopsNet.Keys;

namespace SopsNet.AwsKms;

/// <summary>Turns what the AWS SDK throws into one lower-case line: the cause, then the endpoint.</summary>
internal static class AwsKmsFailure
{
    public static KeyUnwrapException From(Exception e, string endpoint)
    {
        var cause = e switch
        {
            AmazonServiceException s => Service(s),
            _ when Find<SocketException>(e) is { } socket => $"cannot reach the endpoint: {socket.Message}",
            _ when Find<HttpRequestException>(e) is { } http => $"cannot reach the endpoint: {Innermost(http).Message}",
            AmazonClientException c when c.Message.Contains("credential", StringComparison.OrdinalIgnoreCase) =>
                $"no aws credentials: {c.Message}",
            _ => e.Message,
        };
        return new KeyUnwrapException($"{OneLine(cause)} (endpoint {endpoint})", e);
    }

    public static KeyUnwrapException TimedOut(TimeSpan timeout, string endpoint, Exception e) =>
        new($"no answer within {timeout.TotalSeconds:0.###} s (endpoint {endpoint})", e);

    private static string Service(AmazonServiceException s) => s.ErrorCode switch
    {
        "AccessDeniedException" or "AccessDenied" or "UnrecognizedClientException" or "InvalidSignatureException"
            or "ExpiredTokenException" or "InvalidClientTokenId" or "SignatureDoesNotMatch" =>
            $"access denied ({s.ErrorCode}): {s.Message}",
        // KMS answers a wrong or missing encryption context exactly like a foreign ciphertext.
        "InvalidCiphertextException" =>
            $"kms rejected the ciphertext (wrong encryption context, or enc not made by this key): {s.Message}",
        "IncorrectKeyException" => $"enc was encrypted under a different key: {s.Message}",
        "ThrottlingException" or "Throttling" or "LimitExceededException" or "TooManyRequestsException" =>
            $"throttled by kms even after the sdk's retries ({s.ErrorCode}): {s.Message}",
        "NotFoundException" => $"key not found: {s.Message}",
        "DisabledException" or "KMSInvalidStateException" => $"key not usable ({s.ErrorCode}): {s.Message}",
        { Length: > 0 } code => $"{code}: {s.Message}",
        _ => $"http {(int)s.StatusCode}: {s.Message}",
    };

    private static T? Find<T>(Exception e) where T : Exception
    {
        for (Exception? x = e; x is not null; x = x.InnerException)
        {
            if (x is T t)
            {
                return t;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception e) => e.InnerException is null ? e : Innermost(e.InnerException);

    private static string OneLine(string s) => string.Join(' ', s.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
