namespace LlMesh.State.RateLimits;

/// <summary>Which limit refused a request.</summary>
public enum RateLimitExceeded
{
    None,
    Requests,
    Tokens,
}

/// <summary>
/// The verdict on one request: admitted, or refused by a limit until the current window ends
/// (<paramref name="RetryAfter"/>). <paramref name="Used"/> is what the window already holds of the refusing limit.
/// </summary>
public readonly record struct RateLimitDecision(RateLimitExceeded Exceeded, long Used, TimeSpan RetryAfter)
{
    public static RateLimitDecision Admitted => default;

    public bool IsAdmitted => Exceeded == RateLimitExceeded.None;
}
