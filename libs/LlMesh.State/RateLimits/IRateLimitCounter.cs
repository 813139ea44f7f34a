namespace LlMesh.State.RateLimits;

/// <summary>
/// Counts each API key's requests and tokens per one-minute window. Implementations: in memory (the
/// embedded default, one gateway) and Redis (every replica shares the counts); both pass the same contract tests.
/// </summary>
public interface IRateLimitCounter
{
    /// <summary>
    /// Admits one request of <paramref name="keyId"/> unless its current window already holds
    /// <see cref="RateLimitPolicy.RequestsPerMinute"/> requests or has used <see cref="RateLimitPolicy.TokensPerMinute"/>
    /// tokens. An admitted request is counted; a refused one is not.
    /// </summary>
    /// <exception cref="RateLimitUnavailableException">The shared counts cannot be reached.</exception>
    ValueTask<RateLimitDecision> TryAdmitAsync(string keyId, RateLimitPolicy limits, CancellationToken cancellationToken = default);

    /// <summary>Adds an answered request's tokens to the key's current window (it may go past the limit: the next request is refused).</summary>
    /// <exception cref="RateLimitUnavailableException">The shared counts cannot be reached.</exception>
    ValueTask ChargeTokensAsync(string keyId, long tokens, CancellationToken cancellationToken = default);
}
