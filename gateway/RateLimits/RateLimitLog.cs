using LlMesh.State.RateLimits;

namespace LlMesh.Gateway.RateLimits;

internal static partial class RateLimitLog
{
    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "Refused a request of key {KeyId}: {Limit} per minute reached ({Used} this window), {RetryAfter} to the window's end")]
    public static partial void Refused(ILogger logger, string keyId, RateLimitExceeded limit, long used, TimeSpan retryAfter);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Error, Message = "Rate-limit counts unreachable; a request of key {KeyId} gets 503")]
    public static partial void Unavailable(ILogger logger, Exception exception, string keyId);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Warning, Message = "Could not charge {Tokens} tokens to key {KeyId}; the rate-limit counts are unreachable")]
    public static partial void ChargeFailed(ILogger logger, Exception exception, string keyId, long tokens);
}
