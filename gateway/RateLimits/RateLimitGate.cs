using System.Globalization;
using LlMesh.Gateway.Errors;
using LlMesh.State.Credentials;
using LlMesh.State.RateLimits;

namespace LlMesh.Gateway.RateLimits;

/// <summary>
/// Applies an API key's requests and tokens per minute: a request is admitted (and counted) or
/// refused with 429 before it queues; an answered request's tokens are charged afterwards. When the
/// shared counts cannot be reached the request gets 503, never a free pass.
/// </summary>
internal sealed class RateLimitGate(IRateLimitCounter counter, ILogger<RateLimitGate> logger)
{
    /// <summary>Null when the request may go on; otherwise the error to answer with.</summary>
    public async ValueTask<ApiError?> AdmitAsync(Credential key, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(key);
        var limits = new RateLimitPolicy(key.RequestsPerMinute, key.TokensPerMinute);
        if (limits.IsUnlimited)
        {
            return null;
        }

        RateLimitDecision decision;
        try
        {
            decision = await counter.TryAdmitAsync(key.Id, limits, cancellationToken);
        }
        catch (RateLimitUnavailableException ex)
        {
            RateLimitLog.Unavailable(logger, ex, key.Id);
            return ApiError.StateUnavailable();
        }

        if (decision.IsAdmitted)
        {
            return null;
        }

        RateLimitLog.Refused(logger, key.Id, decision.Exceeded, decision.Used, decision.RetryAfter);
        var seconds = ApiErrorWriter.RetryAfterSeconds(decision.RetryAfter).ToString(CultureInfo.InvariantCulture);
        return ApiError.RateLimited(
            decision.Exceeded == RateLimitExceeded.Requests
                ? $"This API key may make {key.RequestsPerMinute} requests per minute; try again in {seconds} s."
                : $"This API key may use {key.TokensPerMinute} tokens per minute and has used {decision.Used} this minute; try again in {seconds} s.",
            decision.RetryAfter);
    }

    /// <summary>Charges an answered request's prompt and completion tokens to its key (keys with a token limit only).</summary>
    public async ValueTask ChargeAsync(Credential key, long tokens)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (key.TokensPerMinute is null || tokens <= 0)
        {
            return;
        }

        try
        {
            // The tokens were spent whether or not the caller is still there.
            await counter.ChargeTokensAsync(key.Id, tokens, CancellationToken.None);
        }
        catch (RateLimitUnavailableException ex)
        {
            RateLimitLog.ChargeFailed(logger, ex, key.Id, tokens);
        }
    }
}
