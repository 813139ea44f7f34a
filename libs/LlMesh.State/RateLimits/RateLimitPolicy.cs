namespace LlMesh.State.RateLimits;

/// <summary>An API key's limits per minute; null means unlimited.</summary>
public readonly record struct RateLimitPolicy(int? RequestsPerMinute, int? TokensPerMinute)
{
    public bool IsUnlimited => RequestsPerMinute is null && TokensPerMinute is null;
}
