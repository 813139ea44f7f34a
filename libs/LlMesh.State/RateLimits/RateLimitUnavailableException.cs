namespace LlMesh.State.RateLimits;

/// <summary>The shared rate-limit counts (Redis) cannot be reached: the request is answered 503, never let through unchecked.</summary>
public sealed class RateLimitUnavailableException : Exception
{
    public RateLimitUnavailableException()
    {
    }

    public RateLimitUnavailableException(string message)
        : base(message)
    {
    }

    public RateLimitUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
