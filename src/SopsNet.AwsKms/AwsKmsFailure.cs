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

    private static string Service(AmazonServiceException s) => Cause(s) + Detail(s);

    /// <summary>The service's own message; the SDK's placeholder for an empty one (KMS sends none for a bad ciphertext) adds nothing.</summary>
    private static string Detail(AmazonServiceException s) =>
        string.IsNullOrEmpty(s.Message) || s.Message.StartsWith("The service returned an error", StringComparison.Ordinal) ? "" : ": " + s.Message;

    private static string Cause(AmazonServiceException s) => s.ErrorCode switch
    {
        "AccessDeniedException" or "AccessDenied" or "UnrecognizedClientException" or "InvalidSignatureException"
            or "ExpiredTokenException" or "InvalidClientTokenId" or "SignatureDoesNotMatch" =>
            $"access denied ({s.ErrorCode})",
        // KMS answers a wrong or missing encryption context exactly like a foreign ciphertext.
        "InvalidCiphertextException" =>
            "kms rejected the ciphertext (wrong encryption context, or enc not made by this key)",
        "IncorrectKeyException" => "enc was encrypted under a different key",
        "ThrottlingException" or "Throttling" or "LimitExceededException" or "TooManyRequestsException" =>
            $"throttled by kms even after the sdk's retries ({s.ErrorCode})",
        "NotFoundException" => "key not found",
        "DisabledException" or "KMSInvalidStateException" => $"key not usable ({s.ErrorCode})",
        { Length: > 0 } code => code,
        _ => $"http {(int)s.StatusCode}",
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
